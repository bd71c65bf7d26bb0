import { messagingMigrationsDir } from '@relais/messaging';
import { LRUCache } from 'lru-cache';
import { runner } from 'node-pg-migrate';
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from 'pino';

// DATE columns hold calendar days (contract start, last worked day, coverage periods): keep
// them as 'YYYY-MM-DD' strings instead of midnight in the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** Named statements one connection keeps at most (a few kilobytes of plan each, in its backend). */
export const PREPARED_PER_CONNECTION = 200;

/** Creates the service's connection pool; every statement is bounded so a stuck database cannot hang a consumer. */
export const createPool = (options: {
  connectionString: string;
  max: number;
  applicationName: string;
  /** Session settings of every connection (`app.scope` for the platform pool). */
  sessionSettings?: Readonly<Record<string, string>>;
  /** Named prepared statements per connection (0: none); {@link PREPARED_PER_CONNECTION} by default. */
  preparedStatements?: number;
  /**
   * Pipelining (default on): a statement goes on the wire when it is issued, not once the one
   * before answered, so writes whose answer nothing needs cost no round trip of their own
   * (messaging's `writeLater`, and the deferred rows sent right ahead of the COMMIT). Code that
   * awaits each statement behaves as without it.
   */
  pipeline?: boolean;
}): pg.Pool => {
  const prepared = options.preparedStatements ?? PREPARED_PER_CONNECTION;
  const settings = Object.entries(options.sessionSettings ?? {});
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    ...(settings.length > 0 ? { options: settings.map(([k, v]) => `-c ${k}=${v}`).join(' ') } : {}),
    max: options.max,
    pipeline: options.pipeline ?? true,
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
    if (prepared > 0) prepareStatements(client, prepared);
    if (options.pipeline ?? true) coalesceWrites(client);
  });
  return pool;
};

/** Statement names by text: a digest, so the same text has the same name on every connection. */
const statementNames = new LRUCache<string, string>({ max: 2000 });
const nameOf = (text: string): string => {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `r_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return name;
};

/**
 * Every statement with parameters becomes a named prepared statement of its connection, parsed
 * once and then only bound and executed, with the plan PostgreSQL caches for it (after five
 * executions it keeps a generic plan unless that would cost more). Unnamed, PostgreSQL parsed and
 * planned each one anew: in the statement log of the benchmark's chain (2026-12-06) parsing and
 * planning (`parse` and `bind`) were 0.2–0.4 ms of each statement of a TrialEnded, half of its
 * transaction's time in the server. A connection names at most `limit` texts (statements built
 * for a varying number of rows stay unnamed past that). Statements without parameters (BEGIN,
 * COMMIT, a one-trip read) go as they are. Needs a session per client (no transaction-pooling
 * proxy between the services and PostgreSQL).
 */
const prepareStatements = (client: pg.PoolClient, limit: number): void => {
  const named = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return query(...args);
    const name = nameOf(text);
    if (!named.has(name)) {
      if (named.size >= limit) return query(...args);
      named.add(name);
    }
    return query({ name, text, values }, ...args.slice(2));
  };
};

/**
 * Statements issued in one turn of the event loop leave in one socket write: node-postgres writes
 * each statement on its own, one write(2) each. A write on a loopback TCP socket cost 12–13 µs of
 * CPU here, 8.5 of them in the kernel (50,000 writes of 120 bytes, 2026-12-06), so a turn of six
 * statements saves about 60 µs; replaying 20,000 events went at 984–1,218 events/s with it and
 * 1,063–1,258 without (3 runs each): below the noise there. (A V8 CPU profile of the consumer once put a third of its time in
 * `writev`; perf on the same process put 16 % in the kernel for everything, and strace 10 µs per
 * writev: that profile blames native calls for time that is not theirs.) With pipelining, the
 * writes a transaction does not wait for, the read behind them, or the deferred rows and the
 * COMMIT, are issued together: the socket is corked at the first and uncorked once the current
 * callbacks and their promise continuations are done (process.nextTick), before any I/O is
 * polled, so no statement waits for a later one.
 */
const coalesceWrites = (client: pg.PoolClient): void => {
  const { stream } = (client as unknown as { connection: { stream: Partial<Duplex> } }).connection;
  const { cork, uncork } = stream;
  if (typeof cork !== 'function' || typeof uncork !== 'function') return;
  let corked = false;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (!corked) {
      corked = true;
      cork.call(stream);
      process.nextTick(() => {
        corked = false;
        uncork.call(stream);
      });
    }
    return query(...args);
  };
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
