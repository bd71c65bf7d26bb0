import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { v7 as uuidv7 } from 'uuid';
import { resourceAttributes, tracesUrl, type TracingConfig } from './config.ts';

/** The tracing of a process: on (spans exported over OTLP) or off (every span a no-op). */
export interface Tracing {
  readonly enabled: boolean;
  /** Why tracing stayed off although an endpoint was configured. */
  readonly refused?: string;
  /** Sends what is still queued and unregisters, so the process may exit (or start again, in tests). */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, shutdown: () => Promise.resolve() };

const samplerOf = (config: TracingConfig): Sampler => {
  const ratio = new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG ?? 1);
  switch (config.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
};

/**
 * Starts tracing for the process when an OTLP endpoint is configured: a tracer provider, W3C
 * trace-context propagation and an AsyncLocalStorage context manager, registered globally so
 * `@relais/messaging` and the HTTP hooks find them through `@opentelemetry/api`. Without an
 * endpoint nothing is registered and the API stays a no-op (no span, no header, no outbox column).
 * One tracing per process: a second (services started side by side in one test process) is
 * refused, and its spans go to the first.
 */
export const startTracing = (options: {
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly config: TracingConfig;
}): Tracing => {
  const { config } = options;
  const url = tracesUrl(config);
  if (!url) return OFF;
  const protocol = config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? config.OTEL_EXPORTER_OTLP_PROTOCOL;
  const exporter = protocol === 'http/json' ? new JsonExporter({ url }) : new ProtobufExporter({ url });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      ...resourceAttributes(config.OTEL_RESOURCE_ATTRIBUTES),
      'service.name': config.OTEL_SERVICE_NAME ?? options.serviceName,
      'service.version': options.serviceVersion,
      'service.instance.id': uuidv7(),
    }),
    sampler: samplerOf(config),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY,
        maxQueueSize: config.OTEL_BSP_MAX_QUEUE_SIZE,
        maxExportBatchSize: Math.min(512, config.OTEL_BSP_MAX_QUEUE_SIZE),
      }),
    ],
  });
  if (!trace.setGlobalTracerProvider(provider)) {
    void provider.shutdown();
    return { ...OFF, refused: 'tracing is already started in this process; its spans go there' };
  }
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    enabled: true,
    async shutdown() {
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
};
