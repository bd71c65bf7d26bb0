import { isDomainError } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { UpstreamFailure } from '../forwarding/service-client.ts';
import { edgeErrorHandler } from '../http/edge-errors.ts';
import { SessionStoreUnavailable } from '../session/redis-availability.ts';
import { wantsPage } from './forms.ts';
import { query, ServiceRefusal } from './page-api.ts';
import type { PageRenderer } from './render.ts';

const CSRF_ERRORS = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** The status and the message (a key under `errors.`) of an error shown as a page. */
const pageErrorOf = (error: unknown): { status: number; key: string } => {
  const code = codeOf(error);
  if (error instanceof SessionStoreUnavailable) return { status: 503, key: 'serviceUnavailable' };
  if (error instanceof UpstreamFailure) {
    return { status: error.code === 'UPSTREAM_TIMEOUT' ? 504 : 502, key: 'serviceUnavailable' };
  }
  if (error instanceof ServiceRefusal) {
    if (error.status === 404) return { status: 404, key: 'notFound' };
    if (error.status === 403) return { status: 403, key: 'forbidden' };
    // The service refused the edge's own token: a misconfiguration, not the user's doing.
    if (error.status === 401 || error.status >= 500) return { status: 502, key: 'serviceUnavailable' };
    return { status: error.status, key: 'refused' };
  }
  if (code && CSRF_ERRORS.has(code)) return { status: 403, key: 'formExpired' };
  if (code === 'ROLE_NOT_ALLOWED') return { status: 403, key: 'forbidden' };
  // A malformed id in a link or a form's hidden field: nothing by that name exists.
  if (code === 'FST_ERR_VALIDATION' || error instanceof ZodError) return { status: 404, key: 'notFound' };
  if (isDomainError(error)) return { status: error.status, key: 'refused' };
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, key: 'refused' };
  return { status: 500, key: 'unexpected' };
};

/**
 * Errors of the pages, as pages: no session → the sign-in page (and back after it), a temporary
 * password → its replacement, anything else → a page saying what happened in the user's language
 * and what to do. A caller that does not ask for HTML (a script, a test) gets the edge's problem
 * details, with the same statuses.
 */
export const pageErrorHandler =
  (renderer: PageRenderer) => async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (!wantsPage(request)) return edgeErrorHandler(error, request, reply);
    const code = codeOf(error);
    if (code === 'UNAUTHENTICATED') {
      const next = request.method === 'GET' ? request.url : undefined;
      return reply.redirect(`/sign-in${query({ next: next === '/' ? undefined : next })}`, 303);
    }
    if (code === 'PASSWORD_CHANGE_REQUIRED') return reply.redirect('/password', 303);
    const { status, key } = pageErrorOf(error);
    if (error instanceof SessionStoreUnavailable) {
      request.log.warn({ reason: error.message }, 'session store unavailable');
      reply.header('retry-after', String(error.retryAfterSeconds));
    } else if (status >= 500) request.log.error({ err: error }, 'page failed');
    else request.log.info({ code: codeOf(error) ?? key, status }, 'page refused');
    return renderer.page(
      request,
      reply,
      'error',
      { title: renderer.t(request)(`errors.${key}.title`), key, code: code ?? null },
      status,
    );
  };
