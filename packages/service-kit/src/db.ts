import { messagingMigrationsDir } from '@relais/messaging';
import { runner } from 'node-pg-migrate';
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
}): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    application_name: options.applicationName,
    connectionTimeoutMillis: 3000,
    statement_timeout: 10000,
    idle_in_transaction_session_timeout: 30000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
};

/**
 * Brings the service's database to its latest schema: the shared outbox/inbox tables first,
 * then the service's own migrations (node-pg-migrate, under its advisory lock, so several
 * instances starting together migrate once).
 */
export const migrate = async (options: {
  databaseUrl: string;
  migrationsDir: string;
  logger: Logger;
}): Promise<void> => {
  await runner({
    databaseUrl: options.databaseUrl,
    dir: [`${messagingMigrationsDir}/*.sql`, `${options.migrationsDir}/*.sql`],
    useGlob: true,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    log: (message) => {
      options.logger.debug({ component: 'migrations' }, message);
    },
  });
};
