import { z } from 'zod';

const ratio = z.coerce.number().min(0).max(1);

/**
 * The standard OpenTelemetry variables a service reads (the SDK reads none itself since 3.x).
 * Tracing is on only when an OTLP endpoint is set and `OTEL_SDK_DISABLED` is not `true`. The
 * exporter itself still reads `OTEL_EXPORTER_OTLP_HEADERS`, `_TIMEOUT`, `_COMPRESSION` and the
 * certificate variables from the process environment.
 */
export const tracingSettings = {
  OTEL_SDK_DISABLED: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
  /** Base URL of an OTLP/HTTP receiver (`http://collector:4318`); traces go to `<it>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** The full URL for traces, used as given; wins over `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** gRPC is not shipped: every OTLP receiver we know of takes OTLP/HTTP on 4318 too. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json']).default('http/protobuf'),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(['http/protobuf', 'http/json']).optional(),
  /** Defaults to the service's name. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** `key=value,key=value` (values percent-encoded), e.g. `deployment.environment.name=staging`. */
  OTEL_RESOURCE_ATTRIBUTES: z
    .string()
    .regex(/^[^=,]+=[^,]*(,[^=,]+=[^,]*)*$/, 'key=value pairs separated by commas')
    .optional(),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: ratio.optional(),
  /** How long finished spans wait to be sent in one batch (ms). */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(1).default(5000),
  /** Spans kept waiting at most; beyond it new spans are dropped, never the service slowed. */
  OTEL_BSP_MAX_QUEUE_SIZE: z.coerce.number().int().min(1).default(2048),
};

/** The tracing settings alone (the service config includes them). */
export const tracingConfigSchema = z.object(tracingSettings);

/** The parsed tracing settings. */
export type TracingConfig = z.infer<typeof tracingConfigSchema>;

/** Where traces go, or undefined when tracing is off. */
export const tracesUrl = (config: TracingConfig): string | undefined => {
  if (config.OTEL_SDK_DISABLED) return undefined;
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`;
};

/** `OTEL_RESOURCE_ATTRIBUTES` as attributes. */
export const resourceAttributes = (raw: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (raw ?? '')
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at).trim(), decodeURIComponent(pair.slice(at + 1).trim())];
      }),
  );
