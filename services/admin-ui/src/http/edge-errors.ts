import { DomainError, problemErrorHandler, toProblem } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooManyAttempts } from '../domain/too-many-attempts.ts';
import { SessionStoreUnavailable } from '../session/redis-availability.ts';
import { CSRF_HEADER } from '../session/install-sessions.ts';

const CSRF_ERRORS = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

/**
 * 503 `SESSION_STORE_UNAVAILABLE` with Retry-After: the service kit masks every 5xx as a 500,
 * but "Redis is down, come back shortly" is what a client (and its user) can act upon.
 */
const sessionStoreProblem = (
  error: SessionStoreUnavailable,
  request: FastifyRequest,
  reply: FastifyReply,
) => {
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  request.log.warn({ reason: error.message, cause }, 'session store unavailable');
  const problem = toProblem(
    new DomainError(
      error.code,
      'conflict',
      'sign-in and sessions are unavailable for a moment: try again shortly',
    ),
    request,
  );
  return reply
    .status(503)
    .header('retry-after', String(error.retryAfterSeconds))
    .type('application/problem+json')
    .send({ ...problem, status: 503, title: 'Service Unavailable' });
};

/**
 * The service kit's problem handler, with the edge's own refusals given stable codes: the CSRF
 * plugin's errors (FST_… codes are never shown), Retry-After on a throttled sign-in, and 503
 * when Redis (sessions, sign-in counters) does not answer.
 */
export const edgeErrorHandler = async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
  if (error instanceof SessionStoreUnavailable) return sessionStoreProblem(error, request, reply);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CSRF_ERRORS.has(code)) {
    return problemErrorHandler(
      new DomainError(
        'CSRF_TOKEN_INVALID',
        'forbidden',
        `a state-changing request needs the ${CSRF_HEADER} header given by sign-in or GET /auth/session`,
      ),
      request,
      reply,
    );
  }
  if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds));
  return problemErrorHandler(error, request, reply);
};
