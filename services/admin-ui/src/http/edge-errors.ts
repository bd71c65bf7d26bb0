import { DomainError, problemErrorHandler } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooManyAttempts } from '../domain/too-many-attempts.ts';
import { CSRF_HEADER } from '../session/install-sessions.ts';

const CSRF_ERRORS = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

/**
 * The service kit's problem handler, with the edge's own refusals given stable codes: the CSRF
 * plugin's errors (FST_… codes are never shown) and Retry-After on a throttled sign-in.
 */
export const edgeErrorHandler = async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
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
