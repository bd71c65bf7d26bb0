import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import type { ServiceApp, ServiceContext } from '@relais/service-kit';
import type { AdminUiConfig } from '../config.ts';
import type { RedisSessionStore } from './redis-session-store.ts';
import { SESSION_COOKIE } from './session-data.ts';
import { edgeRedis } from './edge-redis.ts';

/** The header a state-changing API request carries its CSRF token in (a page's form: the `_csrf` field). */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Cookies, Redis sessions, CSRF tokens and the rate limiter, on the root app so that every route
 * (the audit log's too) sees the session. The cookie is HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page sends it), Secure (HTTPS only) and rolls: each request
 * pushes its end `SESSION_IDLE_MINUTES` away. Nothing is stored for a visitor who has not signed in.
 */
export const installSessions = (
  app: ServiceApp,
  context: ServiceContext<AdminUiConfig>,
  store: RedisSessionStore,
): void => {
  const { config } = context;
  void app.register(cookie);
  void app.register(session, {
    secret: config.SESSION_SECRET,
    cookieName: SESSION_COOKIE,
    store,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: config.COOKIE_SECURE,
      maxAge: config.SESSION_IDLE_MINUTES * 60_000,
    },
  });
  void app.register(csrf, {
    sessionPlugin: '@fastify/session',
    // The API's calls carry the token in the header, checked before their body is read; the
    // pages' forms carry it in a hidden field, checked once the form is parsed (src/pages).
    getToken: (request) => {
      const token = request.headers[CSRF_HEADER] ?? (request.body as { _csrf?: unknown } | undefined)?._csrf;
      return typeof token === 'string' ? token : undefined;
    },
  });
  void app.register(rateLimit, {
    global: false,
    redis: edgeRedis(context),
    nameSpace: `${config.REDIS_KEY_PREFIX}rate:`,
  });
};
