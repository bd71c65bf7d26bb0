import { topicName, type TopicSpec } from '@relais/contracts';
import {
  createInboxConsumer,
  createKafka,
  createOutboxRelay,
  createPublisher,
  watchOutboxCommits,
  type EventHandler,
  type InboxConsumer,
} from '@relais/messaging';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { DestinationStream, Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { newUuidV7 } from './ids.ts';
import type { z } from 'zod';
import { createServiceApp, type ServiceApp } from './app.ts';
import type { BaseConfig } from './config.ts';
import { ConfigError, loadConfig } from './config.ts';
import { auditAppliedEvent } from './audit/audit.ts';
import { AUDIT_ACCESS, registerAuditRoutes } from './audit/routes.ts';
import { DEAD_LETTER_ACCESS, registerDeadLetterRoutes } from './dead-letters/routes.ts';
import type { AccessMatrix, Authenticate } from './auth/access.ts';
import { bearerAuthentication } from './auth/bearer.ts';
import { createTokenVerifier } from './auth/tokens.ts';
import { createPool, migrate } from './db.ts';
import { appConnectionString, assertHeldByRowLevelSecurity, secureDatabase } from './security/database.ts';
import { isAwaitingEvent, isDomainError, isFailedSelfCheck } from './errors.ts';
import { createEventWriter, type Clock, type EventWriter } from './events.ts';
import { startJobs, type ScheduledJob } from './jobs.ts';
import { createLogger } from './logger.ts';
import { faultsFromEnv, relayCrashHook, slowHandlers } from './faults.ts';
import { startTracing } from './tracing/setup.ts';

/** Everything a service's routes and handlers may use. */
export interface ServiceContext<C extends BaseConfig = BaseConfig> {
  readonly config: C;
  readonly logger: Logger;
  /** Connections held to one CPAS per transaction by row-level security. */
  readonly pool: Pool;
  /**
   * Connections in the platform scope: may read every CPAS's rows (never write them). For
   * scheduled jobs that find due work across CPAS; the work itself runs in its CPAS's transaction.
   */
  readonly platformPool: Pool;
  /** Only for a service whose definition says `usesRedis` (the edge's sessions); none for the others. */
  readonly redis: Redis | undefined;
  readonly clock: Clock;
  readonly events: EventWriter;
  readonly registry: Registry;
}

/** A service: its configuration, schema, HTTP routes and the events it consumes. */
export interface ServiceDefinition<C extends BaseConfig> {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly configSchema: z.ZodType<C>;
  readonly migrationsDir: string;
  /**
   * The service keeps state in Redis (the edge: sessions, sign-in limits). Only such a service
   * connects to it and is not ready without it: a Redis outage must not take services that never
   * use it out of their load balancer.
   */
  readonly usesRedis?: boolean;
  /** Who may call each route: one readable matrix per service; a route without a rule does not start. */
  readonly access: AccessMatrix;
  /** How callers prove who they are; services verify the edge's token (the default). */
  readonly authenticate?: (context: ServiceContext<C>) => Authenticate;
  readonly routes: (app: ServiceApp, context: ServiceContext<C>) => void;
  readonly consumer?: {
    readonly topics: readonly TopicSpec[];
    readonly deadLetterTopic: TopicSpec;
    readonly handlers: (context: ServiceContext<C>) => readonly EventHandler[];
  };
  /** Work done on a schedule, started after the consumer and stopped before it. */
  readonly jobs?: (context: ServiceContext<C>) => readonly ScheduledJob[];
  /** Content-Security-Policy directives of a service that serves pages (the admin UI). */
  readonly contentSecurityPolicy?: Readonly<Record<string, readonly string[]>>;
}

/** Test hooks: where logs go, a fixed clock, relay fault injection. */
export interface StartOverrides {
  readonly logDestination?: DestinationStream;
  readonly clock?: Clock;
  readonly afterPublish?: (eventIds: readonly string[]) => Promise<void>;
}

/** A started service. */
export interface RunningService<C extends BaseConfig = BaseConfig> {
  readonly app: ServiceApp;
  readonly url: string;
  readonly context: ServiceContext<C>;
  /** Graceful stop: HTTP closes, the consumer finishes its message, the relay flushes, pools close. */
  stop(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date(), newId: () => newUuidV7() };

/**
 * Composes and starts a service: config → logger → database (migrated) → Redis → Kafka
 * producer and outbox relay → HTTP app → consumer.
 */
export const startService = async <C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  env: Record<string, string | undefined>,
  overrides: StartOverrides = {},
): Promise<RunningService<C>> => {
  const config = loadConfig(definition.configSchema, env);
  if (config.NODE_ENV === 'production' && !config.DATABASE_APP_PASSWORD) {
    throw new ConfigError('Invalid configuration:\n  - DATABASE_APP_PASSWORD: required in production');
  }
  const faults = faultsFromEnv(env, config.NODE_ENV);
  const tracing = startTracing({ serviceName: definition.name, serviceVersion: definition.version, config });
  const logger = createLogger({
    name: definition.name,
    level: config.LOG_LEVEL,
    traceIds: tracing.enabled,
    ...(overrides.logDestination ? { destination: overrides.logDestination } : {}),
  });
  if (tracing.refused) logger.warn(tracing.refused);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const appUrl = appConnectionString(
    config.DATABASE_URL,
    config.DATABASE_APP_ROLE,
    config.DATABASE_APP_PASSWORD,
  );
  const pool = createPool({
    connectionString: appUrl,
    max: config.DATABASE_POOL_SIZE,
    applicationName: definition.name,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    pipeline: config.DATABASE_PIPELINE,
  });
  const platformPool = createPool({
    connectionString: appUrl,
    max: 2,
    applicationName: `${definition.name}-platform`,
    sessionSettings: { 'app.scope': 'platform' },
  });
  // Tracing stops last: the spans of stopping (the relay's last flush) are still sent.
  const stack: (() => Promise<unknown>)[] = [
    () => tracing.shutdown(),
    () => pool.end(),
    () => platformPool.end(),
  ];
  const stopAll = async () => {
    for (const step of stack.reverse())
      await step().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
  };
  try {
    await migrate({ databaseUrl: config.DATABASE_URL, migrationsDir: definition.migrationsDir, logger });
    await secureDatabase({ ownerUrl: config.DATABASE_URL, appRole: config.DATABASE_APP_ROLE, logger });
    await assertHeldByRowLevelSecurity(pool);
    const verifier = await createTokenVerifier(config.SERVICE_TOKEN_PUBLIC_KEY);
    const redis = definition.usesRedis
      ? new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 })
      : undefined;
    if (redis) {
      redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
      stack.push(() => redis.quit());
      await redis.connect().catch((error: unknown) => logger.warn({ err: error }, 'redis not reachable yet'));
    }

    const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: definition.name, logger });
    const admin = kafka.admin();
    stack.push(() => admin.disconnect());
    // @platformatic/kafka is loaded only when chosen: imported by every service it cost about
    // 12 MB of idle resident memory each (bench, 2026-12-06: 156–158 MB against 140–147 MB).
    const publisher =
      config.KAFKA_CLIENT === 'platformatic'
        ? (await import('@relais/messaging/platformatic')).createPlatformaticPublisher({
            brokers: config.KAFKA_BROKERS,
            clientId: definition.name,
            logger,
          })
        : createPublisher(kafka);
    await publisher.connect();
    stack.push(() => publisher.disconnect());
    const relay = createOutboxRelay({
      pool: platformPool,
      publisher,
      logger,
      registry,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      ...(overrides.afterPublish ? { afterPublish: overrides.afterPublish } : {}),
      ...(faults?.relayCrashAfterAck ? { afterPublish: relayCrashHook(faults.relayCrashAfterAck) } : {}),
    });
    await relay.start();
    stack.push(() => relay.stop());
    // This process's commits wake its relay at once (it publishes if it holds the lock); stopped
    // before the relay stops.
    const unwatch = watchOutboxCommits(pool, relay.wake);
    stack.push(() => {
      unwatch();
      return Promise.resolve();
    });

    const clock = overrides.clock ?? systemClock;
    const context: ServiceContext<C> = {
      config,
      logger,
      pool,
      platformPool,
      redis,
      clock,
      registry,
      events: createEventWriter(clock, config.KAFKA_TOPIC_PREFIX),
    };
    // Created before the routes (its dead letters have routes), started after the HTTP server.
    let consumer: InboxConsumer | undefined;
    if (definition.consumer) {
      const prefix = config.KAFKA_TOPIC_PREFIX;
      consumer = createInboxConsumer({
        kafka,
        groupId: `${prefix}${definition.name}`,
        topics: definition.consumer.topics.map((t) => topicName(t, prefix)),
        deadLetterTopic: topicName(definition.consumer.deadLetterTopic, prefix),
        pool,
        publisher,
        logger,
        registry,
        handlers: faults?.slowHandler
          ? slowHandlers(definition.consumer.handlers(context), faults.slowHandler)
          : definition.consumer.handlers(context),
        isPermanentError: (error) => isDomainError(error) || isFailedSelfCheck(error),
        isWaitingError: isAwaitingEvent,
        waitForPrecedingMs: config.KAFKA_WAIT_FOR_PRECEDING_MS,
        sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
        partitionsConcurrency: config.KAFKA_PARTITIONS_CONCURRENCY,
        afterApply: auditAppliedEvent,
      });
    }
    let adminConnected: Promise<void> | undefined;
    const app = await createServiceApp({
      name: definition.name,
      version: definition.version,
      description: definition.description,
      logger,
      registry,
      access: {
        matrix: { ...AUDIT_ACCESS, ...(consumer ? DEAD_LETTER_ACCESS : {}), ...definition.access },
        authenticate: definition.authenticate?.(context) ?? bearerAuthentication(verifier),
      },
      auditPool: pool,
      ...(config.TRUST_PROXY ? { trustProxy: config.TRUST_PROXY } : {}),
      ...(definition.contentSecurityPolicy
        ? { contentSecurityPolicy: definition.contentSecurityPolicy }
        : {}),
      readiness: [
        { name: 'postgres', check: () => pool.query('SELECT 1') },
        ...(redis ? [{ name: 'redis', check: () => redis.ping() }] : []),
        {
          name: 'kafka',
          check: async () => {
            adminConnected ??= admin.connect();
            await adminConnected.catch((error: unknown) => {
              adminConnected = undefined;
              throw error;
            });
            return admin.describeCluster();
          },
        },
      ],
    });
    registerAuditRoutes(app, pool);
    if (consumer) registerDeadLetterRoutes(app, consumer.deadLetters);
    definition.routes(app, context);
    stack.push(() => app.close());
    await app.listen({ host: config.HOST, port: config.PORT });

    if (consumer) {
      const started = consumer;
      await started.start();
      stack.push(() => started.stop());
    }
    if (definition.jobs) {
      const runner = startJobs(definition.jobs(context), logger);
      stack.push(() => runner.stop());
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    if (faults) logger.warn({ faults }, 'fault injection is on (RELAIS_FAULTS)');
    logger.info({ port }, `${definition.name} started`);
    return { app, url: `http://${config.HOST}:${String(port)}`, context, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

/** Entry point of a service process: starts it and stops it gracefully on SIGTERM or SIGINT. */
export const runMain = async <C extends BaseConfig>(definition: ServiceDefinition<C>): Promise<void> => {
  let running: RunningService<C>;
  try {
    running = await startService(definition, process.env);
  } catch (error) {
    process.stderr.write(
      `${definition.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.context.logger.info({ signal }, 'stopping');
    running
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
};
