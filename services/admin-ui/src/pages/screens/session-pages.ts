import { DomainError, principalOf, type ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { changePassword } from '../../app/change-password.ts';
import { signIn } from '../../app/sign-in.ts';
import { TooManyAttempts } from '../../domain/too-many-attempts.ts';
import { passwordLimits } from '../../http/sign-in-limits.ts';
import { openSession, reopenSession, type SessionDeps } from '../../session/establish-session.ts';
import { SESSION_COOKIE, sessionOf } from '../../session/session-data.ts';
import { field, formOf, fromThisSite, localPath } from '../forms.ts';
import { localeOf } from '../i18n.ts';
import type { PageDeps } from '../page-deps.ts';
import { LANGUAGE_COOKIE } from '../render.ts';

/** Credentials and passwords as short as the API takes them. */
const MAX_FIELD = 254;
const MAX_PASSWORD = 1024;

const refusalKey = (error: unknown): { key: string; status: number } | null => {
  if (error instanceof TooManyAttempts) {
    return { key: error.code === 'ACCOUNT_LOCKED' ? 'accountLocked' : 'rateLimited', status: 429 };
  }
  if (error instanceof DomainError) return { key: error.code, status: error.status };
  return null;
};

/** Sign-in, sign-out, the language switch and the password change, as pages and forms. */
export const registerSessionPages = (scope: ServiceApp, deps: PageDeps): void => {
  const limits = passwordLimits(scope, deps.config, deps.redis);
  const sessionDeps: SessionDeps = { sessions: deps.accounts.sessions, provider: deps.provider };
  const { renderer } = deps;
  const cookieFlags = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.config.COOKIE_SECURE,
  } as const;

  const signInPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { email: string; next: string; error: string | null },
    status = 200,
  ) =>
    renderer.page(
      request,
      reply,
      'sign-in',
      { title: renderer.t(request)('signIn.title'), ...values },
      status,
    );

  scope.get('/sign-in', async (request, reply) => {
    const next = localPath((request.query as { next?: string }).next);
    if (sessionOf(request)?.user) return reply.redirect(next, 303);
    return signInPage(request, reply, { email: '', next, error: null });
  });

  scope.post('/sign-in', async (request, reply) => {
    const form = formOf(request);
    const email = field(form, 'email').slice(0, MAX_FIELD);
    const next = localPath(field(form, 'next'));
    if (!fromThisSite(request))
      return signInPage(request, reply, { email: '', next, error: 'otherSite' }, 403);
    try {
      await limits.perIp(request);
      if (deps.config.COOKIE_SECURE && request.protocol !== 'https') {
        throw new DomainError('HTTPS_REQUIRED', 'forbidden', 'sign in over HTTPS');
      }
      const password = field(form, 'password');
      if (!email || !password || password.length > MAX_PASSWORD) {
        throw new DomainError('SIGN_IN_FAILED', 'unauthenticated', 'email and password required');
      }
      await limits.perEmail(request);
      const { account, stamp } = await signIn(deps.provider, { email, password });
      await openSession(request, sessionDeps, {
        account,
        stamp,
        signedInAt: deps.accounts.clock.now().getTime(),
      });
      request.log.info({ accountId: account.id, tenantId: account.tenantId }, 'signed in');
      return await reply.redirect(account.mustChangePassword ? '/password' : next, 303);
    } catch (error) {
      const refusal = refusalKey(error);
      if (!refusal) throw error;
      if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds));
      return signInPage(request, reply, { email, next, error: refusal.key }, refusal.status);
    }
  });

  scope.post('/sign-out', async (request, reply) => {
    const { userId } = principalOf(request);
    await sessionOf(request)?.destroy();
    request.log.info({ accountId: userId }, 'signed out');
    return reply.clearCookie(SESSION_COOKIE, cookieFlags).redirect('/sign-in', 303);
  });

  scope.post('/language', async (request, reply) => {
    const form = formOf(request);
    const next = localPath(field(form, 'next'));
    const locale = localeOf(field(form, 'lang'));
    if (locale && fromThisSite(request)) {
      // A year: the choice of a person on their own device, not a secret (no personal data).
      reply.setCookie(LANGUAGE_COOKIE, locale, { ...cookieFlags, sameSite: 'lax', maxAge: 31_536_000 });
    }
    return reply.redirect(next, 303);
  });

  const passwordPage = (request: FastifyRequest, reply: FastifyReply, error: string | null, status = 200) =>
    renderer.page(
      request,
      reply,
      'password',
      {
        title: renderer.t(request)('password.title'),
        error,
        required: sessionOf(request)?.user?.mustChangePassword ?? false,
      },
      status,
    );

  scope.get('/password', async (request, reply) => passwordPage(request, reply, null));

  scope.post('/password', async (request, reply) => {
    const form = formOf(request);
    const { userId, tenantId } = principalOf(request);
    const user = sessionOf(request)?.user;
    const currentPassword = field(form, 'currentPassword').slice(0, MAX_PASSWORD);
    const newPassword = field(form, 'newPassword').slice(0, MAX_PASSWORD);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'unauthenticated', 'sign-in required');
    if (newPassword !== field(form, 'confirmPassword')) {
      return passwordPage(request, reply, 'PASSWORDS_DIFFER', 422);
    }
    try {
      await limits.perAccount(request);
      await changePassword(deps.accounts, { userId, tenantId }, { currentPassword, newPassword });
    } catch (error) {
      const refusal = refusalKey(error);
      if (!refusal) throw error;
      return passwordPage(request, reply, refusal.key, refusal.status);
    }
    const signedInAt = sessionOf(request)?.signedInAt ?? deps.accounts.clock.now().getTime();
    await reopenSession(request, sessionDeps, userId, signedInAt);
    request.log.info({ accountId: userId }, 'password changed');
    return reply.redirect('/?done=passwordChanged', 303);
  });
};
