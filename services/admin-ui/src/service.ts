import { fileURLToPath } from 'node:url';
import { PAGES_CONTENT_SECURITY_POLICY, type ServiceDefinition } from '@relais/service-kit';
import { configSchema, type AdminUiConfig } from './config.ts';
import { access } from './http/access.ts';
import { registerRoutes } from './http/routes.ts';
import { sessionAuthentication } from './session/authenticate.ts';

/** The signed-in edge: accounts, sign-in, sessions, the pages, and the UI's calls forwarded to the services. */
export const adminUiService: ServiceDefinition<AdminUiConfig> = {
  name: 'admin-ui',
  version: '0.1.0',
  description:
    'The signed-in edge of Relais: CPAS accounts and sessions, and the UI’s calls passed to the services with a short-lived signed token.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  // Sessions, sign-in counters and rate limits live in Redis: the edge is not ready without it.
  usesRedis: true,
  access,
  authenticate: (context) =>
    sessionAuthentication(context.clock, context.config.SESSION_MAX_HOURS * 3600_000),
  routes: registerRoutes,
  // The pages load this site's style sheet and scripts only: no inline script or style, no other origin.
  contentSecurityPolicy: PAGES_CONTENT_SECURITY_POLICY,
};
