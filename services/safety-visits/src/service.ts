import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@relais/service-kit';
import { configSchema } from './config.ts';
import { registerRoutes } from './http/routes.ts';

/** The safety-visits service: prevention visits to host employers. */
export const safetyVisitsService: ServiceDefinition<ReturnType<typeof configSchema.parse>> = {
  name: 'safety-visits',
  version: '0.1.0',
  description: 'Prevention visits to host employers (visites de prévention).',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  routes: registerRoutes,
};
