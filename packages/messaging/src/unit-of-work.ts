import type { Statement, Tx } from './transaction.ts';

/**
 * An append-only row (a timeline entry, a revision, an audit row) that nothing reads in the
 * transaction that writes it: written with the others just before the transaction commits (or
 * its event is done), in one statement. node-postgres sends a statement only once the previous
 * one answered, so on the chain's path every statement is a round trip: measured on
 * 2026-12-06, the income reopening's transaction took 25 statements, five of them such rows.
 *
 * Only for rows no later statement of the transaction reads or references (no foreign key from
 * another deferred row): they are not there until the flush.
 */
export interface DeferredRow {
  /** A table name from the code, never from input. */
  readonly table: string;
  readonly columns: readonly string[];
  readonly values: readonly unknown[];
  /** Written after the VALUES, e.g. `ON CONFLICT (id) DO NOTHING`; from the code, never from input. */
  readonly onConflict?: string;
  /** A channel to NOTIFY in the same statement (delivered at COMMIT, with the row visible): the outbox's relay. */
  readonly notify?: string;
}

interface Unit {
  rows: DeferredRow[];
  /** Advisory locks taken in this transaction, in order (so a rolled-back savepoint forgets its own). */
  locks: string[];
}

const units = new WeakMap<Tx, Unit>();

/** PostgreSQL's limit is 65,535 parameters per statement; a flush above this is split. */
const MAX_PARAMETERS = 30000;

/** Starts the unit of work of a transaction just begun on `tx` (by its owner, who flushes before COMMIT). */
export const beginUnit = (tx: Tx): void => {
  units.set(tx, { rows: [], locks: [] });
};

/** Ends it (after COMMIT or ROLLBACK): the connection goes back to the pool with nothing pending. */
export const endUnit = (tx: Tx): void => {
  units.delete(tx);
};

/** Where the unit stands, to go back to if what follows fails (see {@link restoreUnit}). */
export interface UnitMark {
  readonly rows: number;
  readonly locks: number;
}

export const markUnit = (tx: Tx): UnitMark => {
  const unit = units.get(tx);
  return { rows: unit?.rows.length ?? 0, locks: unit?.locks.length ?? 0 };
};

/**
 * Forgets what was deferred and locked since `mark`: for a ROLLBACK TO SAVEPOINT taken at the
 * mark (the rollback undoes the savepoint's statements and releases its advisory locks).
 */
export const restoreUnit = (tx: Tx, mark: UnitMark): void => {
  const unit = units.get(tx);
  if (!unit) return;
  unit.rows.length = Math.min(unit.rows.length, mark.rows);
  unit.locks.length = Math.min(unit.locks.length, mark.locks);
};

const quoted = (identifier: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new TypeError(`not a plain identifier: ${identifier}`);
  return identifier;
};

/** One statement for `rows`: one multi-row INSERT per table and column list, chained as CTEs. */
const statementOf = (rows: readonly DeferredRow[]): { text: string; values: unknown[] } => {
  const groups = new Map<string, DeferredRow[]>();
  for (const row of rows) {
    if (row.values.length !== row.columns.length)
      throw new TypeError(
        `deferred row of ${row.table}: ${String(row.values.length)} values for ${String(row.columns.length)} columns`,
      );
    const key = `${row.table}(${row.columns.join(',')})${row.onConflict ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const values: unknown[] = [];
  const inserts = [...groups.values()].map((group) => {
    const [first] = group as [DeferredRow, ...DeferredRow[]];
    const tuples = group.map(
      (row) =>
        `(${row.values
          .map((value) => {
            values.push(value);
            return `$${String(values.length)}`;
          })
          .join(', ')})`,
    );
    // One INSERT per table keeps the rows' order (their sequence numbers follow it).
    return `INSERT INTO ${quoted(first.table)} (${first.columns.map(quoted).join(', ')}) VALUES ${tuples.join(', ')}${
      first.onConflict ? ` ${first.onConflict}` : ''
    }`;
  });
  // Data-modifying CTEs run whether or not the main query reads them; the main query is the
  // last INSERT, or the NOTIFY of the rows' channels.
  const channels = [...new Set(rows.flatMap((row) => (row.notify === undefined ? [] : [row.notify])))];
  const main =
    channels.length > 0
      ? `SELECT ${channels.map((channel) => `pg_notify('${quoted(channel)}', '')`).join(', ')}`
      : (inserts.pop() ?? '');
  const text =
    inserts.length === 0
      ? main
      : `WITH ${inserts.map((insert, i) => `deferred_${String(i)} AS (${insert})`).join(', ')} ${main}`;
  return { text, values };
};

const write = async (tx: Tx, rows: readonly DeferredRow[]): Promise<void> => {
  let batch: DeferredRow[] = [];
  let parameters = 0;
  for (const row of rows) {
    if (batch.length > 0 && parameters + row.values.length > MAX_PARAMETERS) {
      const { text, values } = statementOf(batch);
      await tx.query(text, values);
      batch = [];
      parameters = 0;
    }
    batch.push(row);
    parameters += row.values.length;
  }
  if (batch.length === 0) return;
  const { text, values } = statementOf(batch);
  await tx.query(text, values);
};

/**
 * Writes `row` at the transaction's next flush; at once where no unit of work is open on `tx`
 * (a connection used outside {@link withTenantTransaction}, a test's own client).
 */
export const writeDeferred = async (tx: Tx, row: DeferredRow): Promise<void> => {
  const unit = units.get(tx);
  if (unit) unit.rows.push(row);
  else await write(tx, [row]);
};

/** Writes what is pending, in one statement (a failure fails the caller: nothing is dropped silently). */
export const flushDeferred = async (tx: Tx): Promise<void> => {
  const unit = units.get(tx);
  if (!unit || unit.rows.length === 0) return;
  const rows = unit.rows;
  unit.rows = [];
  await write(tx, rows);
};

/**
 * Takes a transaction-level advisory lock once per transaction: a second use case of the same
 * transaction (the reopening, then the outcome checks, for one person) already holds it.
 */
export const lockOnce = async (tx: Tx, key: string): Promise<void> => {
  const unit = units.get(tx);
  if (unit?.locks.includes(key)) return;
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  unit?.locks.push(key);
};

/**
 * {@link lockOnce}'s lock of `first:second` (two UUIDs) as a statement, for a handler's
 * `atBegin`; once it ran, {@link lockedAtBegin} tells the transaction it holds the lock.
 */
export const lockOnceStatement = (first: string, second: string): Statement => ({
  text: "SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))",
  values: [first, second],
});

/** Records that the transaction took {@link lockOnceStatement}'s lock with BEGIN: lockOnce skips it. */
export const lockedAtBegin = (tx: Tx, first: string, second: string): void => {
  const unit = units.get(tx);
  const key = `${first}:${second}`;
  if (unit && !unit.locks.includes(key)) unit.locks.push(key);
};
