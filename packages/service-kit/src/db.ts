import { messagingMigrationsDir } from '@relais/messaging';
import { runner } from 'node-pg-migrate';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from 'pino';

// DATE columns hold calendar days (contract start, last worked day, coverage periods): keep
// them as 'YYYY-MM-DD' strings instead of midnight in the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** Creates the service's connection pool; every statement is bounded so a stuck database cannot hang a consumer. */
export const createPool = (options: {
  connectionString: string;
  max: number;
  applicationName: string;
  /** Session settings of every connection (`app.scope` for the platform pool). */
  sessionSettings?: Readonly<Record<string, string>>;
}): pg.Pool => {
  const settings = Object.entries(options.sessionSettings ?? {});
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    ...(settings.length > 0 ? { options: settings.map(([k, v]) => `-c ${k}=${v}`).join(' ') } : {}),
    max: options.max,
    application_name: options.applicationName,
    connectionTimeoutMillis: 3000,
    statement_timeout: 10000,
    idle_in_transaction_session_timeout: 30000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Nor may a checked-out one: pg-pool listens for errors only on idle clients, and a client
  // whose socket dies (server stopped, backend terminated) emits 'error' even while a
  // transaction holds it. Without a listener that is an uncaught exception: the process dies
  // with every transaction in flight. The failed query still rejects (the transaction rolls
  // back and retries); the broken client is released with its error and not reused.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
};

/** The platform's own tables every service has besides outbox and inbox (the audit log). */
export const serviceKitMigrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Brings the service's database to its latest schema: the shared outbox/inbox tables first,
 * then the service's own migrations (node-pg-migrate, under its advisory lock, so several
 * instances starting together migrate once), then the service kit's tables (audit log), kept
 * in a migrations table of their own so their numbering never interleaves with a service's.
 */
export const migrate = async (options: {
  databaseUrl: string;
  /** The service's own migrations; none for a test of the platform tables alone. */
  migrationsDir?: string;
  logger: Logger;
}): Promise<void> => {
  await runner({
    databaseUrl: options.databaseUrl,
    dir: [
      `${messagingMigrationsDir}/*.sql`,
      ...(options.migrationsDir ? [`${options.migrationsDir}/*.sql`] : []),
    ],
    useGlob: true,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    log: (message) => {
      options.logger.debug({ component: 'migrations' }, message);
    },
  });
  await runner({
    databaseUrl: options.databaseUrl,
    dir: serviceKitMigrationsDir,
    direction: 'up',
    migrationsTable: 'pgmigrations_service_kit',
    checkOrder: true,
    singleTransaction: true,
    log: (message) => {
      options.logger.debug({ component: 'migrations' }, message);
    },
  });
};
