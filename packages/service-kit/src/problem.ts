import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDomainError } from './errors.ts';

/** One offending field of a request. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem details body. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: string;
  readonly correlationId: string;
  readonly errors?: readonly FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODES_BY_STATUS: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'CONTENT_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const problem = (
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
): Problem => ({
  type: `urn:relais:problem:${code.toLowerCase().replaceAll('_', '-')}`,
  title: TITLES[status] ?? 'Error',
  status,
  detail,
  instance: request.url.split('?')[0] ?? request.url,
  code,
  correlationId: request.id,
  ...(errors ? { errors } : {}),
});

/** Turns any error into the problem that answers it; 5xx details are masked. */
export const toProblem = (error: unknown, request: FastifyRequest): Problem => {
  if (isDomainError(error)) {
    return problem(
      request,
      error.status,
      error.code,
      error.message,
      error.field ? [{ field: error.field, message: error.message }] : undefined,
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean).join('.');
      return {
        field: [error.validationContext, path].filter(Boolean).join('.'),
        message: v.message ?? 'invalid value',
      };
    });
    return problem(
      request,
      400,
      'VALIDATION_FAILED',
      `Invalid request: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    );
  }
  if (isResponseSerializationError(error))
    return problem(request, 500, 'INTERNAL_ERROR', 'An unexpected error occurred.');
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Our own stable codes, never the framework's internal ones (FST_ERR_…).
    const code = fastifyError.code?.startsWith('FST_')
      ? (CODES_BY_STATUS[status] ?? 'BAD_REQUEST')
      : fastifyError.code;
    return problem(
      request,
      status,
      code ?? CODES_BY_STATUS[status] ?? 'BAD_REQUEST',
      fastifyError.message ?? 'Bad request',
    );
  }
  // A dependency known to be down (the edge's session store): its stable code, never its message.
  if (status === 503 && fastifyError.code && !fastifyError.code.startsWith('FST_'))
    return problem(request, 503, fastifyError.code, 'Unavailable for a moment: try again shortly.');
  return problem(request, 500, 'INTERNAL_ERROR', 'An unexpected error occurred.');
};

/** The single error handler of every service. */
export const problemErrorHandler = async (
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Problem> => {
  const body = toProblem(error, request);
  if (body.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: body.code, status: body.status }, 'request refused');
  return reply.status(body.status).type('application/problem+json').send(body);
};
