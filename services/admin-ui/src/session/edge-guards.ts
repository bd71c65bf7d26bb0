import { DomainError, type ServiceApp } from '@relais/service-kit';
import { sessionOf } from './session-data.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Sign-in has no session yet to hold a token (SameSite=Strict and JSON-only bodies guard it). */
const WITHOUT_CSRF = new Set(['/auth/sign-in']);
/** What a person with an administrator-set password may still do: replace it, or leave. */
const BEFORE_PASSWORD_CHANGE = new Set(['/auth/session', '/auth/password', '/auth/sign-out']);

/**
 * Hooks on the edge's routes, after authentication and before the body is read: every
 * state-changing request carries the session's CSRF token, and an account whose password an
 * administrator set does nothing else until its holder has replaced it.
 */
export const installEdgeGuards = (scope: ServiceApp): void => {
  scope.addHook('preParsing', (request, reply, _payload, done) => {
    const route = request.routeOptions.url ?? '';
    if (!STATE_CHANGING.has(request.method) || WITHOUT_CSRF.has(route)) {
      done();
      return;
    }
    // Access control has refused a request without a live session before this hook runs.
    if (!sessionOf(request)) {
      done(new DomainError('UNAUTHENTICATED', 'unauthenticated', 'sign-in required'));
      return;
    }
    scope.csrfProtection(request, reply, done);
  });
  scope.addHook('preParsing', (request, _reply, _payload, done) => {
    const route = request.routeOptions.url ?? '';
    if (sessionOf(request)?.user?.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(route)) {
      done(
        new DomainError(
          'PASSWORD_CHANGE_REQUIRED',
          'forbidden',
          'replace the temporary password first (POST /auth/password)',
        ),
      );
      return;
    }
    done();
  });
};
