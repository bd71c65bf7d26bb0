import { z } from 'zod';
import { tracingSettings } from './tracing/config.ts';
import { PREPARED_PER_CONNECTION } from './db.ts';

/** Thrown when the environment does not describe a runnable service; lists every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses an environment object (passed in, never read on import) with a zod schema and fails
 * fast with one readable line per bad variable.
 */
export const loadConfig = <S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> => {
  // An empty variable (`PORT=`) means "not set", never the number 0 or an empty broker list.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
};

const brokerList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[\w.-]+:\d{1,5}$/, 'expected host:port')).min(1));

/** A PEM key given in one environment variable; `\n` escapes stand for line breaks. */
const pemKey = (kind: 'PUBLIC' | 'PRIVATE') =>
  z
    .string()
    .transform((s) => s.replaceAll('\\n', '\n').trim())
    .pipe(
      z
        .string()
        .regex(
          new RegExp(`^-----BEGIN ${kind} KEY-----[\\s\\S]+-----END ${kind} KEY-----$`),
          `a PEM ${kind.toLowerCase()} key`,
        ),
    );

/** The verifying key of service tokens (SPKI PEM, Ed25519). */
export const publicKeyPem = pemKey('PUBLIC');
/** The signing key of service tokens (PKCS#8 PEM, Ed25519), held by the edge only. */
export const privateKeyPem = pemKey('PRIVATE');

/** Settings every service shares; each service extends it with its own defaults and keys. */
export const baseConfigSchema = (defaults: { readonly port: number; readonly database: string }) =>
  z.object({
    /** `production` refuses development defaults (secrets, demo accounts). */
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(defaults.port),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/ })
      .default(`postgres://postgres@127.0.0.1:5432/${defaults.database}`),
    /**
     * The role the service works as (DATABASE_URL's role owns the tables and only migrates): it
     * owns nothing and cannot bypass row-level security, so every query is held to one CPAS.
     */
    DATABASE_APP_ROLE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lowercase PostgreSQL role name')
      .default(`${defaults.database}_app`),
    DATABASE_APP_PASSWORD: z.string().min(1).optional(),
    /** Verifies the signed-in edge's tokens on every route (issue 7). */
    SERVICE_TOKEN_PUBLIC_KEY: publicKeyPem,
    /**
     * Proxies whose X-Forwarded-For/-Proto to believe (fastify `trustProxy`: 'loopback', addresses,
     * CIDRs, comma-separated); none by default, so a caller cannot fake its address or scheme.
     */
    TRUST_PROXY: z.string().min(1).optional(),
    /**
     * Connections per service (the relay's listener and the consumer's included). 10 measured
     * against 5 and 20 with placement's API under 50 connections (2026-12-06, two runs each):
     * GET 1,926–2,922 req/s at 5, 2,049–2,255 at 10, 2,032–2,602 at 20. The service is CPU-bound
     * there and the size moves nothing beyond the noise; fewer PostgreSQL backends leave more of
     * the cores to the rest, and a pipelining connection carries many statements per round trip.
     */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
    /**
     * Named prepared statements each connection keeps (see createPool); 0 sends every statement
     * unnamed, for a proxy that pools transactions rather than sessions (PgBouncer's
     * transaction mode) or to compare.
     */
    DATABASE_PREPARED_STATEMENTS: z.coerce.number().int().min(0).max(10000).default(PREPARED_PER_CONNECTION),
    /**
     * Pipelining of the service's statements (see createPool), on by default. `false` sends each
     * statement once the one before answered: the operator's way back, without a release, should
     * a proxy between the service and PostgreSQL, or node-postgres's pipeline mode, misbehave. The
     * same transactions run either way, at a round trip more per statement not waited for.
     */
    DATABASE_PIPELINE: z.stringbool({ truthy: ['true', '1'], falsy: ['false', '0'] }).default(true),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-z0-9._-]*$/, 'lowercase letters, digits, . _ - only')
      .default(''),
    /**
     * The client the outbox relay and dead-letter publishing use (issue 10's `client` figure):
     * kafkajs, or `@platformatic/kafka` behind the same `Publisher`. Consumers stay on kafkajs.
     */
    KAFKA_CLIENT: z.enum(['kafkajs', 'platformatic']).default('kafkajs'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // A crashed member holds its partitions this long before the group rebalances; kafkajs
    // heartbeats only between messages, so a handler must finish well within it.
    KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300000).default(10000),
    /** How often scheduled jobs run (contract starts are due on a day, so a minute is plenty). */
    JOBS_INTERVAL_MS: z.coerce.number().int().min(50).default(60000),
    // One transaction per message costs ≈ 11 ms in income-continuity (measured): handling a few
    // partitions at once keeps a burst from queueing behind one partition.
    KAFKA_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(3),
    // An event whose predecessor travels on another topic (a trial end before its placement's
    // start) is set aside this long for it, and parked only once the group has also read what its
    // topics held by then (a backlog does not park good events). The wait covers a predecessor
    // written late (its service's relay down); a trial end for a placement never started here
    // meanwhile holds back only that person's later trial ends.
    KAFKA_WAIT_FOR_PRECEDING_MS: z.coerce.number().int().min(0).max(3600000).default(300000),
    OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
    /** OpenTelemetry: traces over OTLP/HTTP when an endpoint is set, off otherwise. */
    ...tracingSettings,
  });

/** The parsed shared settings. */
export type BaseConfig = z.infer<ReturnType<typeof baseConfigSchema>>;
