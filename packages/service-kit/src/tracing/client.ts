import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Runs an outgoing HTTP call in a client span and gives it the headers (`traceparent`) that make
 * the callee's server span its child. `name` is a route template or a service name, never a path
 * with ids in it. With tracing off, no span and no header.
 */
export const withClientSpan = async <T>(
  name: string,
  attributes: Readonly<Record<string, string>>,
  call: (traceHeaders: Readonly<Record<string, string>>) => Promise<T>,
): Promise<T> =>
  trace
    .getTracer('@relais/service-kit')
    .startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      try {
        const answer = await call(headers);
        // An answer with a status (a fetch Response, the edge's UpstreamAnswer) says how it went.
        const status = (answer as { status?: unknown } | null)?.status;
        if (typeof status === 'number') {
          span.setAttribute('http.response.status_code', status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return answer;
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
