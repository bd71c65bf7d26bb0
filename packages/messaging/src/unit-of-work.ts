import type { Envelope } from '@relais/contracts';
import { sendStatement, type Statement } from './statement.ts';
import type { Tx } from './transaction.ts';

/**
 * An append-only row (a timeline entry, a revision, an audit row) that nothing reads in the
 * transaction that writes it: written with the others just before the transaction commits (or
 * its event is done), in one statement. node-postgres sends a statement only once the previous
 * one answered, so on the chain's path every statement is a round trip: measured on
 * 2026-12-06, the income reopening's transaction took 25 statements, five of them such rows.
 *
 * Only for rows no later statement of the event's transaction reads: they are not there until
 * the flush. A foreign key to another deferred row holds if that row was deferred first (the
 * rows of one flush are checked at the end of its statement). A run of consumed events is one
 * transaction: its events' rows are written together at its COMMIT, or before an event of the
 * run that reads (one of a person seen earlier in the run, a set-aside event tried again), so
 * that it sees them.
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

/** A {@link DeferredRow} of `table` from its values by column (each value beside its column's name). */
export const deferredRow = (
  table: string,
  values: Readonly<Record<string, unknown>>,
  options: Pick<DeferredRow, 'onConflict'> = {},
): DeferredRow => ({ table, columns: Object.keys(values), values: Object.values(values), ...options });

/** A column of a {@link DeferredUpdate}, with its SQL type (the VALUES list it is sent in needs it). */
export interface TypedValue<V = unknown> {
  readonly column: string;
  /** A plain type name from the code (`uuid`, `date`, `text[]`), never from input. */
  readonly type: string;
  readonly value: V;
}

/**
 * An UPDATE of one row found by its key that nothing in the transaction reads before the flush,
 * as a {@link DeferredRow} is an INSERT: each is an `UPDATE … WHERE <key>`, a CTE of the flush's
 * statement (see updatesOf for why one per row). The statement counts, per table and column
 * list, the rows they updated (`relais_expect_rows`, service-kit's migration 006): a row that is not there
 * fails the flush, and the transaction with it, with `missing` in the error.
 *
 * The CTEs of one statement all see the rows as they were before it: an update of a row
 * inserted or updated by an earlier deferred row of the same flush goes in a later statement of
 * the flush, after them.
 */
export interface DeferredUpdate {
  /** A table name from the code, never from input. */
  readonly table: string;
  /**
   * The row's key, matched by equality. Its values are strings or numbers: they are compared as
   * they are (`===`) to find an earlier deferred write of the same row.
   */
  readonly where: readonly TypedValue<string | number>[];
  readonly set: readonly TypedValue[];
  /** The error's message when the row is not there; from the code, never from input. */
  readonly missing: string;
}

/** Something the unit writes at its next flush. */
export type Deferred = DeferredRow | DeferredUpdate;

const isUpdate = (deferred: Deferred): deferred is DeferredUpdate => 'set' in deferred;

/** Typed values from `{ column: [value, type] }`, in the object's order. */
const typed = <V>(values: Readonly<Record<string, readonly [V, string]>>): TypedValue<V>[] =>
  Object.entries(values).map(([column, [value, type]]) => ({ column, type, value }));

/**
 * A {@link DeferredUpdate} of `table`: the row whose `where` columns have those values gets the
 * `set` values, each given as `[value, SQL type]`.
 */
export const deferredUpdate = (
  table: string,
  where: Readonly<Record<string, readonly [string | number, string]>>,
  set: Readonly<Record<string, readonly [unknown, string]>>,
  missing: string,
): DeferredUpdate => ({ table, where: typed(where), set: typed(set), missing });

interface Unit {
  rows: Deferred[];
  /** The events appended to the outbox in this transaction, in order ({@link noteEvent}). */
  events: Envelope[];
  /** The persons its code said it changed ({@link notePersonsChanged}). */
  persons: string[];
  /** Advisory locks taken in this transaction, in order (so a rolled-back savepoint forgets its own). */
  locks: string[];
  /** Statements sent and not yet answered ({@link writeLater}), in the order they were sent. */
  pending: Pending[];
}

/** A statement on the wire: its answer, already caught (`failure` is set if it failed). */
interface Pending {
  readonly answered: Promise<void>;
  failure?: unknown;
}

const units = new WeakMap<Tx, Unit>();

/** PostgreSQL's limit is 65,535 parameters per statement; a flush above this is split. */
const MAX_PARAMETERS = 30000;

/** Starts the unit of work of a transaction just begun on `tx` (by its owner, who flushes before COMMIT). */
export const beginUnit = (tx: Tx): void => {
  units.set(tx, { rows: [], events: [], persons: [], locks: [], pending: [] });
};

/** Ends it (after COMMIT or ROLLBACK): the connection goes back to the pool with nothing pending. */
export const endUnit = (tx: Tx): void => {
  units.delete(tx);
};

/** Where the unit stands, to go back to if what follows fails (see {@link restoreUnit}). */
export interface UnitMark {
  readonly rows: number;
  readonly events: number;
  readonly persons: number;
  readonly locks: number;
  readonly pending: number;
}

export const markUnit = (tx: Tx): UnitMark => {
  const unit = units.get(tx);
  return {
    rows: unit?.rows.length ?? 0,
    events: unit?.events.length ?? 0,
    persons: unit?.persons.length ?? 0,
    locks: unit?.locks.length ?? 0,
    pending: unit?.pending.length ?? 0,
  };
};

/**
 * Forgets what was deferred, locked and sent since `mark`: for a ROLLBACK TO SAVEPOINT taken at
 * the mark (the rollback undoes the savepoint's statements and releases its advisory locks). Call
 * {@link failureOf} first: a statement still on the wire is answered before the rollback anyway.
 */
export const restoreUnit = (tx: Tx, mark: UnitMark): void => {
  const unit = units.get(tx);
  if (!unit) return;
  unit.rows.length = Math.min(unit.rows.length, mark.rows);
  unit.events.length = Math.min(unit.events.length, mark.events);
  unit.persons.length = Math.min(unit.persons.length, mark.persons);
  unit.locks.length = Math.min(unit.locks.length, mark.locks);
  unit.pending.length = Math.min(unit.pending.length, mark.pending);
};

/**
 * Whether the connection pipelines (node-postgres `pipeline: true`, service-kit's pools): a
 * statement is then written to the socket when it is issued, without waiting for the answer of
 * the one before, and PostgreSQL answers them in order.
 */
export const pipelines = (tx: Tx): boolean => (tx as unknown as { pipeline?: unknown }).pipeline === true;

/**
 * Sends a statement whose answer nothing needs now (an UPDATE or INSERT of the transaction's own
 * rows) and goes on: on a pipelining connection the statements that follow go on the wire right
 * behind it, so it costs no round trip of its own; the next statement awaited, or the commit,
 * brings its answer. The transaction's owner waits for every such answer before its COMMIT
 * counts ({@link settleUnit}); a failure fails the transaction (the statements after it fail
 * with "transaction aborted", and {@link failureOf} names the real cause). Without pipelining,
 * or outside a unit of work, it is simply run and awaited.
 */
export const writeLater = async (tx: Tx, statement: Statement): Promise<void> => {
  const unit = units.get(tx);
  if (!unit || !pipelines(tx)) {
    await sendStatement(tx, statement);
    return;
  }
  const pending: Pending = {
    answered: sendStatement(tx, statement).then(
      () => undefined,
      (error: unknown) => {
        pending.failure = error;
      },
    ),
  };
  unit.pending.push(pending);
};

/**
 * The first failure of a statement sent with {@link writeLater} (once all sent have answered), or
 * undefined: the cause of an error that says only "current transaction is aborted".
 */
export const failureOf = async (tx: Tx): Promise<unknown> => {
  const unit = units.get(tx);
  if (!unit || unit.pending.length === 0) return undefined;
  const pending = [...unit.pending];
  await Promise.all(pending.map((p) => p.answered));
  return pending.find((p) => p.failure !== undefined)?.failure;
};

/**
 * Commits the transaction of the unit: the deferred rows are sent, and on a pipelining connection
 * the COMMIT goes right behind them and whatever else is still on the wire (one round trip for
 * all). If one of them failed, PostgreSQL answers the COMMIT of the aborted transaction with
 * ROLLBACK, no error: the failure is thrown. (A write whose effect must be checked checks it in
 * PostgreSQL, `relais_expect_rows`, so that PostgreSQL itself refuses the COMMIT.)
 */
export const commitUnit = async (tx: Tx): Promise<void> => {
  await sendDeferred(tx);
  if (!pipelines(tx)) {
    await settleUnit(tx);
    await tx.query('COMMIT');
    return;
  }
  const committed = tx.query('COMMIT');
  const settled = await settleUnit(tx).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  await committed;
  if (settled) throw settled.error;
};

/** Waits for every statement sent with {@link writeLater}; throws the first failure. */
export const settleUnit = async (tx: Tx): Promise<void> => {
  const unit = units.get(tx);
  if (!unit || unit.pending.length === 0) return;
  const pending = unit.pending;
  unit.pending = [];
  await Promise.all(pending.map((p) => p.answered));
  const failed = pending.find((p) => p.failure !== undefined);
  if (failed) throw failed.failure;
};

const quoted = (identifier: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new TypeError(`not a plain identifier: ${identifier}`);
  return identifier;
};

const typeName = (type: string) => {
  if (!/^[a-z_][a-z0-9_ ]*(\[\])?$/.test(type)) throw new TypeError(`not a plain type name: ${type}`);
  return type;
};

/** Groups `items` by `key`, each group in the order its items came. */
const groupBy = <T>(items: readonly T[], key: (item: T) => string): T[][] => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
};

/**
 * One `UPDATE … WHERE <key> = …` per row for updates of one table and column list (no two of the
 * same row: {@link statementsOf} sees to it), each returning a row if it updated one.
 *
 * Not one `UPDATE … FROM (VALUES …)` for the group: that join is planned from the table's
 * statistics, and a table a replay fills has none until it is analysed (never, where autovacuum is
 * off). Its plan read every row of the CPAS through the CPAS's index for each row of the VALUES:
 * kept from when `coverage_periods` was small, 3.7–5.2 s a run of 50 trial ends, and a replay at
 * 161 events/s (2026-12-07); planned afresh at each flush, still 2,798 rows read to end two
 * periods in a table of 20,200 (deferred-update-plan.int.test.ts). An UPDATE of one row by its
 * key is planned as a lookup of the key at any size, kept or not.
 */
const updatesOf = (group: readonly DeferredUpdate[], $: (value: unknown) => string): string[] => {
  const [first] = group as [DeferredUpdate, ...DeferredUpdate[]];
  if (first.set.length === 0 || first.where.length === 0)
    throw new TypeError(`deferred update of ${first.table}: no column to set or to find the row by`);
  const equal = (c: TypedValue) => `${quoted(c.column)} = ${$(c.value)}::${typeName(c.type)}`;
  return group.map(
    (update) =>
      `UPDATE ${quoted(update.table)} SET ${update.set.map(equal).join(', ')} WHERE ${update.where
        .map(equal)
        .join(' AND ')} RETURNING 1`,
  );
};

/** `$1`, `$2`, …: the placeholders' text, made once each. */
const placeholders: string[] = [''];
const placeholder = (n: number): string => {
  for (let i = placeholders.length; i <= n; i++) placeholders.push(`$${String(i)}`);
  return placeholders[n] as string;
};

const sameColumns = (a: readonly string[], b: readonly string[]) =>
  a === b || (a.length === b.length && a.every((column, i) => column === b[i]));

/**
 * The rows by table, column list and conflict clause, each group in the order its rows came and
 * the groups in the order of their first rows. Compared column by column, not by a key joined
 * from them: a run of 50 trial ends defers about 800 rows, and building and hashing a key per
 * row was a fifth of the statement's cost (CPU profile of a replay, 2026-12-07).
 */
const rowGroups = (rows: readonly DeferredRow[]): DeferredRow[][] => {
  const groups: DeferredRow[][] = [];
  const byTable = new Map<string, DeferredRow[][]>();
  for (const row of rows) {
    const ofTable = byTable.get(row.table);
    const group = ofTable?.find((candidate) => {
      const first = candidate[0];
      return (
        first !== undefined &&
        (first.onConflict ?? '') === (row.onConflict ?? '') &&
        sameColumns(first.columns, row.columns)
      );
    });
    if (group) group.push(row);
    else {
      const created = [row];
      groups.push(created);
      if (ofTable) ofTable.push(created);
      else byTable.set(row.table, [created]);
    }
  }
  return groups;
};

/**
 * One statement for `deferred`: one multi-row INSERT per table and column list and one UPDATE per
 * updated row, chained as CTEs.
 */
const statementOf = (deferred: readonly Deferred[]): Statement => {
  const rows = deferred.filter((d): d is DeferredRow => !isUpdate(d));
  const updates = deferred.filter(isUpdate);
  for (const row of rows)
    if (row.values.length !== row.columns.length)
      throw new TypeError(
        `deferred row of ${row.table}: ${String(row.values.length)} values for ${String(row.columns.length)} columns`,
      );
  const values: unknown[] = [];
  const $ = (value: unknown) => placeholder(values.push(value));
  /** `($n, $n+1, …)` for the row's values, which it adds to the statement's. */
  const tuple = (row: DeferredRow) => {
    let text = '(';
    for (let i = 0; i < row.values.length; i++) text += (i === 0 ? '' : ', ') + $(row.values[i]);
    return `${text})`;
  };
  const inserts = rowGroups(rows).map((group) => {
    const [first] = group as [DeferredRow, ...DeferredRow[]];
    // One INSERT per table keeps the rows' order (their sequence numbers follow it).
    return `INSERT INTO ${quoted(first.table)} (${first.columns.map(quoted).join(', ')}) VALUES ${group.map(tuple).join(', ')}${
      first.onConflict ? ` ${first.onConflict}` : ''
    }`;
  });
  const updateGroups = groupBy(
    updates,
    (u) => `${u.table}(${u.where.map((c) => c.column).join(',')};${u.set.map((c) => c.column).join(',')})`,
  ).map((group, i) => ({
    ctes: updatesOf(group, $).map((update, k) => ({
      name: `deferred_update_${String(i)}_${String(k)}`,
      update,
    })),
    group,
  }));
  // Each group of updates counts its rows: a row not there fails the statement.
  const checks = updateGroups.map(
    ({ ctes, group }) =>
      `relais_expect_rows(${ctes.map(({ name }) => `(SELECT count(*) FROM ${name})`).join(' + ')}, ${$(
        group.length,
      )}::bigint, ${$([...new Set(group.map((u) => u.missing))].join('; '))}::text)`,
  );
  // Data-modifying CTEs run whether or not the main query reads them; the main query is the
  // last INSERT, or the NOTIFY of the rows' channels and the updates' checks.
  const channels = [...new Set(rows.flatMap((row) => (row.notify === undefined ? [] : [row.notify])))];
  const main =
    channels.length > 0 || checks.length > 0
      ? `SELECT ${[...channels.map((channel) => `pg_notify('${quoted(channel)}', '')`), ...checks].join(', ')}`
      : (inserts.pop() ?? '');
  const ctes = [
    ...inserts.map((insert, i) => `deferred_${String(i)} AS (${insert})`),
    ...updateGroups.flatMap(({ ctes: updateCtes }) =>
      updateCtes.map(({ name, update }) => `${name} AS (${update})`),
    ),
  ];
  const text = ctes.length === 0 ? main : `WITH ${ctes.join(', ')} ${main}`;
  return { text, values };
};

const parametersOf = (deferred: Deferred) =>
  isUpdate(deferred) ? deferred.where.length + deferred.set.length + 2 : deferred.values.length;

/** Whether `earlier`, deferred before `update`, writes the row `update` updates. */
const writesRowOf = (earlier: Deferred, update: DeferredUpdate): boolean => {
  if (earlier.table !== update.table) return false;
  if (isUpdate(earlier))
    return update.where.every((c) => earlier.where.some((e) => e.column === c.column && e.value === c.value));
  return update.where.every((c) => {
    const at = earlier.columns.indexOf(c.column);
    return at >= 0 && earlier.values[at] === c.value;
  });
};

/**
 * The rows' statements: one, unless the rows carry more than {@link MAX_PARAMETERS} values, or
 * an update's row is written by an earlier one of the statement (the update then starts the next
 * statement, which sees that write).
 */
const statementsOf = (rows: readonly Deferred[]): Statement[] => {
  const statements: Statement[] = [];
  let batch: Deferred[] = [];
  let parameters = 0;
  for (const row of rows) {
    const afterEarlierWrite = isUpdate(row) && batch.some((earlier) => writesRowOf(earlier, row));
    if (batch.length > 0 && (afterEarlierWrite || parameters + parametersOf(row) > MAX_PARAMETERS)) {
      statements.push(statementOf(batch));
      batch = [];
      parameters = 0;
    }
    batch.push(row);
    parameters += parametersOf(row);
  }
  if (batch.length > 0) statements.push(statementOf(batch));
  return statements;
};

const write = async (tx: Tx, rows: readonly Deferred[]): Promise<void> => {
  for (const statement of statementsOf(rows)) await writeLater(tx, statement);
};

/** Notes an event appended to the outbox in the transaction (the outbox does, for {@link eventsOf}). */
export const noteEvent = (tx: Tx, event: Envelope): void => {
  units.get(tx)?.events.push(event);
};

/** The events appended to the outbox in the transaction so far. */
export const eventsOf = (tx: Tx): readonly Envelope[] => units.get(tx)?.events ?? [];

/**
 * Notes persons whose record the transaction changes, for what records the change (service-kit's
 * audit row of a request, written in the same transaction): a person no event of the transaction
 * and no parameter of the request names, such as a candidate created or moved by it.
 */
export const notePersonsChanged = (tx: Tx, personIds: readonly string[]): void => {
  units.get(tx)?.persons.push(...personIds);
};

/** The persons noted so far ({@link notePersonsChanged}). */
export const personsChangedIn = (tx: Tx): readonly string[] => units.get(tx)?.persons ?? [];

/**
 * Writes `row` at the transaction's next flush; at once where no unit of work is open on `tx`
 * (a connection used outside {@link withTenantTransaction}, a test's own client). Nothing is
 * sent before the flush, not even for an update of a row deferred earlier (that update goes in a
 * later statement of the flush): a run's flushes happen outside its events' savepoints, so going
 * back to an event's savepoint never undoes what the events before it deferred.
 */
export const writeDeferred = async (tx: Tx, row: Deferred): Promise<void> => {
  const unit = units.get(tx);
  if (unit) unit.rows.push(row);
  else await write(tx, [row]);
};

/**
 * Sends the deferred rows ({@link writeLater}: on a pipelining connection, without waiting for
 * the answer). The transaction's owner settles them with its COMMIT: one round trip for both.
 */
export const sendDeferred = async (tx: Tx): Promise<void> => {
  const unit = units.get(tx);
  if (!unit || unit.rows.length === 0) return;
  const rows = unit.rows;
  unit.rows = [];
  await write(tx, rows);
};

/**
 * Writes what is deferred, in one statement, and waits for it and for every statement sent with
 * {@link writeLater} (a failure fails the caller: nothing is dropped silently).
 */
export const flushDeferred = async (tx: Tx): Promise<void> => {
  await sendDeferred(tx);
  await settleUnit(tx);
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
  types: ['text', 'text'],
});

/** Records that the transaction took {@link lockOnceStatement}'s lock with BEGIN: lockOnce skips it. */
export const lockedAtBegin = (tx: Tx, first: string, second: string): void => {
  const unit = units.get(tx);
  const key = `${first}:${second}`;
  if (unit && !unit.locks.includes(key)) unit.locks.push(key);
};
