import {
  createTokenSigner,
  createTokenVerifier,
  type ServiceApp,
  type ServiceContext,
} from '@relais/service-kit';
import type { AccountDeps } from '../app/deps.ts';
import type { AdminUiConfig } from '../config.ts';
import { seedDemoAccounts } from '../demo/seed-demo-accounts.ts';
import { createServiceClient } from '../forwarding/service-client.ts';
import { upstreamsOf } from '../forwarding/upstreams.ts';
import { localPasswordProvider } from '../identity/local-password-provider.ts';
import { createPasswordHasher } from '../identity/passwords.ts';
import { unknownEmailLock } from '../identity/unknown-email-lock.ts';
import { createTranslations } from '../pages/i18n.ts';
import { registerPages } from '../pages/install-pages.ts';
import { pageApi } from '../pages/page-api.ts';
import { createRenderer } from '../pages/render.ts';
import { installEdgeGuards } from '../session/edge-guards.ts';
import { installSessions } from '../session/install-sessions.ts';
import { edgeRedis } from '../session/edge-redis.ts';
import { redisGuard } from '../session/redis-availability.ts';
import { createRedisSessionStore } from '../session/redis-session-store.ts';
import { registerAccountRoutes } from './account-routes.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { edgeErrorHandler } from './edge-errors.ts';
import { registerForwardRoutes } from './forward-routes.ts';

/** Refuses to start with a signing key the services' verifying key does not match: every call would be refused. */
const checkKeyPair = async (config: AdminUiConfig): Promise<void> => {
  const signer = await createTokenSigner(config.SERVICE_TOKEN_PRIVATE_KEY);
  const verifier = await createTokenVerifier(config.SERVICE_TOKEN_PUBLIC_KEY);
  const probe = {
    userId: '00000000-0000-7000-8000-000000000000',
    tenantId: '00000000-0000-7000-8000-000000000000',
  };
  await verifier.verify(await signer.sign({ ...probe, roles: ['cpas_admin'] })).catch(() => {
    throw new Error(
      'SERVICE_TOKEN_PRIVATE_KEY does not match SERVICE_TOKEN_PUBLIC_KEY: the services would refuse every call',
    );
  });
};

/**
 * The signed-in edge: sessions on the root app (so every route sees them), then the edge's own
 * routes in one scope with its error handler, CSRF and password-change guards, and JSON bodies only
 * (a cross-site form can send text/plain; nothing here reads it); the pages in another, with HTML
 * forms, reading the services server-side as the signed-in user.
 */
export const registerRoutes = (app: ServiceApp, context: ServiceContext<AdminUiConfig>): void => {
  const { config } = context;
  // Sessions, sign-in counters and rate limits: Redis down, 503 at once (never a hang, never unlimited).
  const client = edgeRedis(context);
  const redis = redisGuard(client);
  const sessions = createRedisSessionStore(
    client,
    {
      keyPrefix: config.REDIS_KEY_PREFIX,
      idleMs: config.SESSION_IDLE_MINUTES * 60_000,
      maxAgeMs: config.SESSION_MAX_HOURS * 3600_000,
    },
    redis,
  );
  installSessions(app, context, sessions);
  const passwords = createPasswordHasher();
  const policy = { maxFailures: config.SIGN_IN_MAX_FAILURES, lockMs: config.SIGN_IN_LOCK_SECONDS * 1000 };
  const provider = localPasswordProvider({
    platformPool: context.platformPool,
    pool: context.pool,
    clock: context.clock,
    passwords,
    policy,
    unknownEmails: unknownEmailLock(client, config.REDIS_KEY_PREFIX, policy, redis),
  });
  const deps: AccountDeps = { pool: context.pool, clock: context.clock, passwords, sessions };
  const upstreams = upstreamsOf(config);
  const signer = createTokenSigner(config.SERVICE_TOKEN_PRIVATE_KEY);

  void app.register(async (scope: ServiceApp) => {
    scope.setErrorHandler(edgeErrorHandler);
    scope.removeContentTypeParser('text/plain');
    installEdgeGuards(scope);
    registerAuthRoutes(scope, { ...deps, config, provider, redis });
    registerAccountRoutes(scope, deps);
    registerForwardRoutes(scope, { signer: await signer, upstreams, timeoutMs: config.FORWARD_TIMEOUT_MS });
  });
  void app.register(async (scope: ServiceApp) => {
    const services = createServiceClient({
      signer: await signer,
      upstreams,
      timeoutMs: config.FORWARD_TIMEOUT_MS,
    });
    registerPages(scope, {
      config,
      accounts: deps,
      provider,
      redis,
      renderer: createRenderer(createTranslations(), (service) => upstreams.has(service)),
      services,
      api: (request) => pageApi(services, request),
      reaches: (service) => upstreams.has(service),
    });
  });
  app.addHook('onReady', async () => {
    await checkKeyPair(config);
    if (config.DEMO_ACCOUNTS) await seedDemoAccounts(context.pool, passwords, context.logger);
  });
};
