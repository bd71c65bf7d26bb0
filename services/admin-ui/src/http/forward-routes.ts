import { DomainError, principalOf, toProblem, type ServiceApp, type TokenSigner } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { forward } from '../forwarding/forward.ts';

/** The methods the services' APIs use. */
export const FORWARDED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** The UI's calls to a service: `/api/<service>/<the service's own path>`. */
export const FORWARD_ROUTE = '/api/:service/*';

const API = '/api/';

/** 502/504 problems: the service kit masks every 5xx as 500, but "the service is down" helps the UI. */
const gatewayProblem = (request: FastifyRequest, reply: FastifyReply, status: 502 | 504, code: string) => {
  const detail = status === 504 ? 'the service took too long to answer' : 'the service cannot be reached';
  const problem = toProblem(new DomainError(code, 'conflict', detail), request);
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ ...problem, status, title: status === 504 ? 'Gateway Timeout' : 'Bad Gateway' });
};

/**
 * Forwards the signed-in UI's calls to the services with a token minted for this one call from
 * the session (user, CPAS, roles; 2 minutes). The edge only requires a session (and CSRF on
 * changes): each service authorises the call by role itself, from its own matrix.
 */
export const registerForwardRoutes = (
  scope: ServiceApp,
  deps: {
    readonly signer: TokenSigner;
    readonly upstreams: ReadonlyMap<string, URL>;
    readonly timeoutMs: number;
  },
): void => {
  scope.route({
    method: [...FORWARDED_METHODS],
    url: FORWARD_ROUTE,
    schema: { hide: true, params: z.object({ service: z.string(), '*': z.string() }) },
    handler: async (request, reply) => {
      const { service } = request.params;
      const base = deps.upstreams.get(service);
      if (!base) throw new DomainError('UNKNOWN_SERVICE', 'not_found', 'no such service behind this edge');
      const { userId, tenantId, roles } = principalOf(request);
      // The raw path, still percent-encoded, from the slash after the service's name.
      const path = request.url.slice(request.url.indexOf('/', API.length));
      let answer;
      try {
        answer = await forward(
          base,
          `${API}${service}`,
          {
            method: request.method,
            path,
            body: request.body,
            token: await deps.signer.sign({ userId, tenantId, roles }),
            correlationId: request.id,
            accept: request.headers.accept,
          },
          deps.timeoutMs,
        );
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        request.log.warn(
          { service, reason: timedOut ? 'timeout' : (error as Error).message },
          'forwarding failed',
        );
        return timedOut
          ? gatewayProblem(request, reply, 504, 'UPSTREAM_TIMEOUT')
          : gatewayProblem(request, reply, 502, 'UPSTREAM_UNAVAILABLE');
      }
      if (!answer) throw new DomainError('ROUTE_NOT_FOUND', 'not_found', 'no such path in the service');
      return reply
        .status(answer.status)
        .headers(answer.headers)
        .send(answer.body.length > 0 ? answer.body : undefined);
    },
  });
};
