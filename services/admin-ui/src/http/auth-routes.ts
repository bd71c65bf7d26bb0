import { DomainError, principalOf, problemSchema, type ServiceApp } from '@relais/service-kit';
import { changePassword } from '../app/change-password.ts';
import type { AccountDeps } from '../app/deps.ts';
import { signIn } from '../app/sign-in.ts';
import type { AdminUiConfig } from '../config.ts';
import type { IdentityProvider } from '../identity/identity-provider.ts';
import { openSession, reopenSession } from '../session/establish-session.ts';
import type { RedisGuard } from '../session/redis-availability.ts';
import { SESSION_COOKIE, sessionOf } from '../session/session-data.ts';
import { changePasswordBody, sessionSchema, signInBody, userView } from './schemas.ts';
import { passwordLimits } from './sign-in-limits.ts';

const tags = ['sign-in'];
/** Credentials are a few hundred bytes: a larger body is not a sign-in. */
const SMALL_BODY = 4096;

const signedInUser = (request: Parameters<typeof sessionOf>[0]) => {
  const user = sessionOf(request)?.user;
  if (!user) throw new DomainError('UNAUTHENTICATED', 'unauthenticated', 'sign-in required');
  return user;
};

/** Sign-in, the session's user and CSRF token, password change and sign-out. */
export const registerAuthRoutes = (
  scope: ServiceApp,
  deps: AccountDeps & {
    readonly config: AdminUiConfig;
    readonly provider: IdentityProvider;
    readonly redis: RedisGuard;
  },
): void => {
  const limits = passwordLimits(scope, deps.config, deps.redis);
  const cookieFlags = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.config.COOKIE_SECURE,
  } as const;

  scope.post(
    '/auth/sign-in',
    {
      bodyLimit: SMALL_BODY,
      onRequest: limits.perIp,
      preHandler: limits.perEmail,
      schema: {
        tags,
        summary: 'Signs in with email and password; sets the session cookie',
        body: signInBody,
        response: { 200: sessionSchema, 401: problemSchema, 429: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      // A Secure cookie set over plain HTTP would be dropped: say so rather than sign in for nothing.
      if (deps.config.COOKIE_SECURE && request.protocol !== 'https') {
        throw new DomainError('HTTPS_REQUIRED', 'forbidden', 'sign in over HTTPS');
      }
      const { account, stamp } = await signIn(deps.provider, request.body);
      await openSession(request, deps, { account, stamp, signedInAt: deps.clock.now().getTime() });
      request.log.info({ accountId: account.id, tenantId: account.tenantId }, 'signed in');
      return { user: userView(account), csrfToken: reply.generateCsrf() };
    },
  );

  scope.get(
    '/auth/session',
    {
      schema: {
        tags,
        summary: 'The signed-in user and the CSRF token of their session',
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => ({ user: userView(signedInUser(request)), csrfToken: reply.generateCsrf() }),
  );

  scope.post(
    '/auth/password',
    {
      bodyLimit: SMALL_BODY,
      preHandler: limits.perAccount,
      schema: {
        tags,
        summary: 'Replaces the signed-in user’s password; their other sessions end',
        body: changePasswordBody,
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const { userId, tenantId } = principalOf(request);
      signedInUser(request);
      const signedInAt = sessionOf(request)?.signedInAt ?? deps.clock.now().getTime();
      await changePassword(deps, { userId, tenantId }, request.body);
      const account = await reopenSession(request, deps, userId, signedInAt);
      request.log.info({ accountId: userId }, 'password changed');
      return { user: userView(account), csrfToken: reply.generateCsrf() };
    },
  );

  scope.post(
    '/auth/sign-out',
    { schema: { tags, summary: 'Ends the session, in Redis and in the browser' } },
    async (request, reply) => {
      const { userId } = principalOf(request);
      await sessionOf(request)?.destroy();
      request.log.info({ accountId: userId }, 'signed out');
      return reply.clearCookie(SESSION_COOKIE, cookieFlags).status(204).send();
    },
  );
};
