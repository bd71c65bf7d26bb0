import { createPlatformTopics } from '@relais/messaging';
import pg from 'pg';
import {
  appConnectionString,
  startService,
  type BaseConfig,
  type RunningService,
  type ServiceDefinition,
  type StartOverrides,
} from '@relais/service-kit';
import { testTokenEnv } from './auth.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { uniquePrefix } from './kafka.ts';
import { captureLogs } from './log-capture.ts';

/** Where a test's services find the shared servers. */
export interface TestInfra {
  readonly kafkaBrokers: readonly string[];
  readonly postgresUrl: string;
  readonly redisUrl: string;
}

/** A service started in-process for an integration test, on its own database and topic prefix. */
export interface TestService<C extends BaseConfig> {
  readonly service: RunningService<C>;
  readonly database: TestDatabase;
  readonly prefix: string;
  readonly logs: Record<string, unknown>[];
  readonly logText: () => string;
  /**
   * The service's database as its owner sees it, across every CPAS: for a test to check what
   * was committed (the service's own pool is held to one CPAS by row-level security).
   */
  readonly db: pg.Pool;
  /** Stops the service and drops its database. */
  close(): Promise<void>;
}

/**
 * A pool connected as the role the service works as (held to one CPAS by row-level security),
 * to show what that role can and cannot see or do; the caller ends it.
 */
export const appRolePool = <C extends BaseConfig>(test: TestService<C>): pg.Pool =>
  new pg.Pool({
    connectionString: appConnectionString(
      test.database.url,
      test.service.context.config.DATABASE_APP_ROLE,
      test.service.context.config.DATABASE_APP_PASSWORD,
    ),
    max: 1,
  });

/** Creates every topic under a prefix. */
export const createTopics = async (brokers: readonly string[], prefix: string): Promise<void> => {
  await createPlatformTopics(brokers, prefix);
};

/**
 * Starts a service in this process against real PostgreSQL, Redis and Kafka: a fresh
 * database, a fresh topic prefix (so topics and consumer groups are the test's own),
 * an ephemeral port and logs captured for assertions.
 */
export const startTestService = async <C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  infra: TestInfra,
  options: {
    readonly prefix?: string;
    readonly database?: TestDatabase;
    readonly overrides?: StartOverrides;
    readonly env?: Record<string, string>;
  } = {},
): Promise<TestService<C>> => {
  const prefix = options.prefix ?? uniquePrefix(definition.name);
  const database = options.database ?? (await createTestDatabase(infra.postgresUrl, definition.name));
  if (!options.prefix) await createTopics(infra.kafkaBrokers, prefix);
  const logs = captureLogs();
  const service = await startService(
    definition,
    {
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: infra.redisUrl,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'debug',
      ...(await testTokenEnv()),
      ...options.env,
    },
    { logDestination: logs.stream, ...options.overrides },
  );
  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  db.on('error', () => undefined);
  return {
    service,
    database,
    prefix,
    logs: logs.lines,
    logText: logs.text,
    db,
    close: async () => {
      await db.end();
      await service.stop();
      await database.drop();
    },
  };
};
