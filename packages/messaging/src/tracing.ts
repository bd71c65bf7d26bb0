import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';

/**
 * W3C trace context (`traceparent`, `tracestate`) as carried by an outbox row and a Kafka
 * message's headers. Everything here goes through the global OpenTelemetry API: with no SDK
 * registered (tracing off) every call is a no-op on the root context, so nothing is stored or sent.
 */
export type TraceCarrier = Readonly<Record<string, string>>;

const TRACER = '@relais/messaging';

/** The trace context of the code running now, to store with an outbox row; null outside any trace. */
export const currentTraceCarrier = (): TraceCarrier | null => {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : null;
};

/** What the relay knows of a row it publishes. */
export interface PublishedRow {
  readonly topic: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly traceContext: TraceCarrier | null;
}

/** Producer spans of one batch, and the trace headers of each message (in the batch's order). */
export interface PublishSpans {
  readonly headers: readonly TraceCarrier[];
  end(error?: unknown): void;
}

const fail = (span: Span, error: unknown) => {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
};

/**
 * Opens one producer span per row that was written inside a trace, child of the context stored
 * with the row, and gives each message the headers that make the consumer's span its child. The
 * rows of one batch belong to different traces, hence one span each. A row written in a trace
 * by a process whose own tracing is off keeps its stored context, passed on unchanged.
 */
export const startPublishSpans = (rows: readonly PublishedRow[]): PublishSpans => {
  const tracer = trace.getTracer(TRACER);
  const spans: Span[] = [];
  const headers = rows.map((row) => {
    if (!row.traceContext) return {};
    const parent = propagation.extract(ROOT_CONTEXT, row.traceContext);
    const span = tracer.startSpan(
      `publish ${row.topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.destination.name': row.topic,
          'messaging.message.id': row.eventId,
          'relais.event.type': row.eventType,
        },
      },
      parent,
    );
    spans.push(span);
    const carrier: Record<string, string> = { ...row.traceContext };
    propagation.inject(trace.setSpan(parent, span), carrier);
    return carrier;
  });
  return {
    headers,
    end(error) {
      for (const span of spans) {
        if (error !== undefined) fail(span, error);
        span.end();
      }
    },
  };
};

/** The event a consumer applies and where it came from: the consumer span's attributes (no key: it names a person). */
export interface ConsumedEvent {
  readonly groupId: string;
  readonly envelope: { readonly id: string; readonly type: string };
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** The message's headers; none for a caller that kept none. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * Runs `work` (the handler of one event) in a consumer span whose parent is the trace context of
 * the message's headers, so the events the handler writes to its outbox carry the same trace. A
 * message without one starts a trace of its own. The consumer, its batches and the dead-letter
 * replays all apply events through this one place.
 */
export const withConsumerSpan = async <T>(event: ConsumedEvent, work: () => Promise<T>): Promise<T> => {
  const parent = event.headers ? propagation.extract(ROOT_CONTEXT, event.headers) : ROOT_CONTEXT;
  return trace.getTracer(TRACER).startActiveSpan(
    `process ${event.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': event.topic,
        'messaging.destination.partition.id': String(event.partition),
        'messaging.kafka.offset': Number(event.offset),
        'messaging.consumer.group.name': event.groupId,
        'messaging.message.id': event.envelope.id,
        'relais.event.type': event.envelope.type,
      },
    },
    parent,
    async (span) => {
      try {
        return await work();
      } catch (error) {
        fail(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
};
