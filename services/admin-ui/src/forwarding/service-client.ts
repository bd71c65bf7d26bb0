import { principalOf, type TokenSigner } from '@relais/service-kit';
import type { FastifyRequest } from 'fastify';
import { forward, targetOf } from './forward.ts';

/** What a service answered the edge, its JSON body parsed (undefined when empty or not JSON). */
export interface ServiceAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body (downloads: the committee's minutes). */
  readonly raw: Buffer;
}

/** The edge could not get an answer: no such service configured, down, or too slow. */
export class UpstreamFailure extends Error {
  readonly code: 'UNKNOWN_SERVICE' | 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT';
  readonly service: string;

  constructor(code: UpstreamFailure['code'], service: string) {
    super(`${service}: ${code}`);
    this.code = code;
    this.service = service;
  }
}

/** Calls the services as the signed-in user of a request (the pages' server-side reads and changes). */
export interface ServiceClient {
  send(
    request: FastifyRequest,
    service: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    options?: { readonly body?: unknown; readonly accept?: string },
  ): Promise<ServiceAnswer>;
  /**
   * Opens a long answer (server-sent events) to pass on as it comes, with the browser's
   * `Last-Event-ID` if it resumes; aborted with `signal` when the browser goes away.
   */
  stream(
    request: FastifyRequest,
    service: string,
    path: string,
    options: { readonly lastEventId?: string; readonly signal: AbortSignal },
  ): Promise<Response>;
}

const parsed = (answer: { headers: Readonly<Record<string, string>>; body: Buffer }): unknown => {
  if (answer.body.length === 0 || !answer.headers['content-type']?.includes('json')) return undefined;
  return JSON.parse(answer.body.toString('utf8')) as unknown;
};

/**
 * The same passage as the `/api/<service>/*` forwarding — a token minted for this one call from
 * the session (user, CPAS, roles; 2 minutes), the correlation id of the page's request, the same
 * header allow-list — for pages that read the services on the server before rendering.
 */
export const createServiceClient = (deps: {
  readonly signer: TokenSigner;
  readonly upstreams: ReadonlyMap<string, URL>;
  readonly timeoutMs: number;
}): ServiceClient => ({
  async send(request, service, method, path, options = {}) {
    const base = deps.upstreams.get(service);
    if (!base) throw new UpstreamFailure('UNKNOWN_SERVICE', service);
    const { userId, tenantId, roles } = principalOf(request);
    try {
      const answer = await forward(
        base,
        `/api/${service}`,
        {
          method,
          path,
          body: options.body,
          token: await deps.signer.sign({ userId, tenantId, roles }),
          correlationId: request.id,
          accept: options.accept ?? 'application/json',
        },
        deps.timeoutMs,
      );
      if (!answer) throw new UpstreamFailure('UNKNOWN_SERVICE', service);
      return { status: answer.status, headers: answer.headers, raw: answer.body, body: parsed(answer) };
    } catch (error) {
      if (error instanceof UpstreamFailure) throw error;
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      request.log.warn(
        { service, reason: timedOut ? 'timeout' : (error as Error).message },
        'service call failed',
      );
      throw new UpstreamFailure(timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE', service);
    }
  },
  async stream(request, service, path, options) {
    const base = deps.upstreams.get(service);
    const target = base ? targetOf(base, path) : null;
    if (!target) throw new UpstreamFailure('UNKNOWN_SERVICE', service);
    const { userId, tenantId, roles } = principalOf(request);
    try {
      return await fetch(target, {
        headers: {
          authorization: `Bearer ${await deps.signer.sign({ userId, tenantId, roles })}`,
          'x-correlation-id': request.id,
          accept: 'text/event-stream',
          ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
        },
        redirect: 'manual',
        signal: options.signal,
      });
    } catch (error) {
      request.log.warn({ service, reason: (error as Error).message }, 'stream failed to open');
      throw new UpstreamFailure('UPSTREAM_UNAVAILABLE', service);
    }
  },
});
