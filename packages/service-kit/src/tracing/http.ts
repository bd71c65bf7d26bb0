import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import type { ServiceApp } from '../app.ts';

const TRACER = '@relais/service-kit';
const spans = new WeakMap<FastifyRequest, Span>();

/** Probes and scrapers call these every few seconds: a span each would drown the traces. */
const untraced = (route: string) => route.startsWith('/health/') || route === '/metrics';

const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? 'unmatched';

/**
 * A server span per request, child of the caller's `traceparent` (the edge, another service),
 * named by the route template: never the path itself, whose segments are ids, nor the query. The
 * span is made active in `preHandler` — after the body is read, because a request stream's events
 * run outside the context entered in `onRequest` — so the handler's outbox rows carry the trace.
 * With tracing off the spans are no-ops and `traceparent` is ignored.
 */
export const installHttpTracing = (app: ServiceApp): void => {
  app.addHook('onRequest', (request, _reply, done) => {
    const route = routeOf(request);
    if (untraced(route)) {
      done();
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = trace.getTracer(TRACER).startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method,
          'http.route': route,
          'relais.correlation_id': request.id,
        },
      },
      parent,
    );
    spans.set(request, span);
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (!span) {
      done();
      return;
    }
    context.with(trace.setSpan(context.active(), span), done);
  });
  const end = (request: FastifyRequest, statusCode: number | undefined) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    if (statusCode === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: 'aborted' });
    else {
      span.setAttribute('http.response.status_code', statusCode);
      if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  };
  app.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    end(request, undefined);
    done();
  });
};
