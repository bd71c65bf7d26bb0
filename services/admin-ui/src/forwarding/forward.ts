import { withClientSpan } from '@relais/service-kit';

/** One call of the UI, as the edge passes it on. */
export interface ForwardedCall {
  readonly method: string;
  /** Path and query below the service's base URL, still percent-encoded (`/candidates?status=open`). */
  readonly path: string;
  readonly body: unknown;
  readonly token: string;
  readonly correlationId: string;
  readonly accept: string | undefined;
}

/** What the service answered, with only the headers the browser may see. */
export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Headers of a service's answer the browser gets; the rest (cookies, server details) stay behind. */
const ANSWER_HEADERS = ['content-type', 'content-disposition', 'cache-control', 'retry-after'];

/**
 * The service URL a path names, or null if the path would leave the service (`//host/…`,
 * `/../` climbing above a base path): the edge reaches its configured services, nothing else.
 */
export const targetOf = (base: URL, path: string): URL | null => {
  if (!path.startsWith('/')) return null;
  const basePath = base.pathname.replace(/\/$/, '');
  const target = new URL(`${base.origin}${basePath}${path}`);
  return target.origin === base.origin && target.pathname.startsWith(`${basePath}/`) ? target : null;
};

/**
 * Passes one call on with fetch (Node's own undici: pooled keep-alive connections) and an
 * allow-list of headers both ways: to the service, the edge's token, the correlation id and the
 * body's type only (never the browser's cookies, authorization or tenant headers); back, the
 * answer's type and a few caching and download headers, and a Location moved under `/api/<service>`.
 * The call is a client span of the request's trace and carries its `traceparent` to the service.
 */
export const forward = async (
  base: URL,
  prefix: string,
  call: ForwardedCall,
  timeoutMs: number,
): Promise<UpstreamAnswer | null> => {
  const target = targetOf(base, call.path);
  if (!target) return null;
  const hasBody = call.body !== undefined && call.method !== 'GET' && call.method !== 'HEAD';
  const attributes = { 'http.request.method': call.method, 'server.address': target.host };
  return withClientSpan(`${call.method} ${prefix}`, attributes, async (traceHeaders) => {
    const response = await fetch(target, {
      method: call.method,
      headers: {
        ...traceHeaders,
        authorization: `Bearer ${call.token}`,
        'x-correlation-id': call.correlationId,
        accept: call.accept ?? 'application/json',
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      ...(hasBody ? { body: JSON.stringify(call.body) } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers: Record<string, string> = {};
    for (const name of ANSWER_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const location = response.headers.get('location');
    if (location?.startsWith('/') && !location.startsWith('//')) headers.location = `${prefix}${location}`;
    return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  });
};
