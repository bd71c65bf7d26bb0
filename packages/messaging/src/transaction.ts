import type { Pool, PoolClient, QueryResult } from 'pg';
import { sendStatement as send, type Statement } from './statement.ts';
import { outboxCommitted } from './outbox-wake.ts';
import { transactionScope } from './transaction-scope.ts';
import {
  beginUnit,
  commitUnit,
  endUnit,
  eventsOf,
  failureOf,
  personsChangedIn,
  pipelines,
} from './unit-of-work.ts';

export type { Statement } from './statement.ts';
export { runInTransactionScope, type TransactionChange, type TransactionScope } from './transaction-scope.ts';

/** A connection inside an open transaction whose tenant context is set. */
export type Tx = PoolClient;

/**
 * No CPAS: for work on tables outside row-level security (dead letters of a message whose CPAS
 * cannot be read). Every table under row-level security shows no row to such a transaction.
 */
export const NO_TENANT = '';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Statements as plain SQL in one string; undefined when a value cannot be written into the text. */
const inlinedOrUndefined = (statements: readonly Statement[]): string | undefined => {
  try {
    return statements.map(inlineSql).join('; ');
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return undefined;
    throw error;
  }
};

/** BEGIN with the tenant (`head`), then the statements to run with it; their results. */
const begin = async (
  client: PoolClient,
  head: string,
  atBegin: string | readonly Statement[] | undefined,
): Promise<QueryResult[]> => {
  const statements = atBegin ?? [];
  if (typeof statements === 'string' || statements.length === 0) {
    const sql = typeof statements === 'string' && statements !== '' ? `${head}; ${statements}` : head;
    return ((await client.query(sql)) as unknown as QueryResult[]).slice(2);
  }
  if (pipelines(client)) {
    // All in one socket write; the statements prepared (planned once per connection), which plain
    // SQL in the BEGIN message never is: that planning was most of the consumer's first round trip.
    const [, ...results] = await Promise.all([
      client.query(head),
      ...statements.map((statement) => client.query(statement.text, [...statement.values])),
    ]);
    return results;
  }
  const inlined = inlinedOrUndefined(statements);
  if (inlined !== undefined)
    return ((await client.query(`${head}; ${inlined}`)) as unknown as QueryResult[]).slice(2);
  await client.query(head);
  const results: QueryResult[] = [];
  for (const statement of statements) results.push(await client.query(statement.text, [...statement.values]));
  return results;
};

/**
 * Runs `work` in one transaction with the tenant (CPAS) set for row-level security
 * (`app.tenant_id`, transaction-local). Commits on success, rolls back on any error.
 * `readOnly` reads take one snapshot for all their statements (REPEATABLE READ). A writing
 * transaction run in a {@link TransactionScope} tells it before it commits.
 */
export const withTenantTransaction = async <T>(
  pool: Pool,
  tenantId: string,
  work: (tx: Tx, begun: readonly QueryResult[]) => Promise<T>,
  options: {
    readonly readOnly?: boolean;
    /**
     * Statements to run right after BEGIN, in the same round trip, their results given to `work`
     * in order (locks and reads, so that nothing waits for them one by one). On a pipelining
     * connection they go as prepared statements behind BEGIN; otherwise they are written into the
     * BEGIN message as plain SQL when their values allow ({@link inlineSql}), or run one by one.
     * Plain SQL given as a string is sent with BEGIN as it is: checked literals only, never raw input.
     */
    readonly atBegin?: string | readonly Statement[];
  } = {},
): Promise<T> => {
  // Inlined below (one round trip for BEGIN and the tenant instead of two: node-postgres sends a
  // query only once the previous one answered, and a round trip is most of a short read's
  // cost), so only a UUID or NO_TENANT may pass.
  if (tenantId !== NO_TENANT && !UUID.test(tenantId)) throw new TypeError('tenant id is not a UUID');
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // A read spanning several statements sees one snapshot, never half of a concurrent commit.
    const head =
      `${options.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN'}; ` +
      `SELECT set_config('app.tenant_id', '${tenantId}', true)`;
    const begun = await begin(client, head, options.atBegin);
    beginUnit(client);
    const result = await work(client, begun);
    // What the caller's scope adds to a writing transaction (a request's audit row), deferred too.
    const scope = options.readOnly ? undefined : transactionScope();
    const events = eventsOf(client);
    const committed = await scope?.beforeCommit(client, tenantId, {
      events,
      persons: personsChangedIn(client),
    });
    const appended = events.length > 0;
    // The deferred append-only rows, in one statement, before the commit (a failure rolls back).
    await commitUnit(client);
    // The relay of this process starts reading now instead of when NOTIFY reaches it (outbox-wake.ts).
    if (appended) outboxCommitted(pool);
    committed?.();
    return result;
  } catch (error) {
    // "Transaction aborted" says only that an earlier statement failed: that one is the cause.
    const cause = (await failureOf(client)) ?? error;
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // A connection that cannot roll back is not given back to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw cause;
  } finally {
    endUnit(client);
    client.release(broken);
  }
};

/** What a one-statement read needs of a connection: its `query`. */
export type Queryable = Pick<Tx, 'query'>;

/**
 * Runs statements in their order and gives their results: on a pipelining connection all in one
 * socket write (one round trip), otherwise one after the other. A failure rejects with the first
 * statement that failed (the ones behind it fail as "transaction aborted").
 */
export const runStatements = async (tx: Tx, statements: readonly Statement[]): Promise<QueryResult[]> => {
  if (pipelines(tx)) return Promise.all(statements.map((statement) => send(tx, statement)));
  const results: QueryResult[] = [];
  for (const statement of statements) results.push(await send(tx, statement));
  return results;
};

/** Runs a {@link Statement} on a connection (with parameters, so prepared as any other unless it says `replan`). */
export const runStatement = (db: Queryable, statement: Statement): Promise<QueryResult> =>
  send(db, statement);

/**
 * The first row of a statement's result through `map`; undefined when it has none, or when there
 * is no result (a statement that was not sent with BEGIN).
 */
export const firstRow = <Row, T>(
  result: { readonly rows: readonly Row[] } | undefined,
  map: (row: Row) => T,
): T | undefined => {
  const row = result?.rows[0];
  return row === undefined ? undefined : map(row);
};

/**
 * Text that may be written into SQL between quotes: letters, digits and `._:-` only (UUIDs, event
 * types, topic and group names, Kafka offsets), so no quote, backslash, space or semicolon.
 */
export const SAFE_LITERAL = /^[A-Za-z0-9._:-]{1,200}$/;

/** A value written into a statement's text: nothing a caller could write SQL with. */
const literal = (value: unknown): string => {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && SAFE_LITERAL.test(value)) return `'${value}'`;
  throw new TypeError(
    'a statement sent as plain SQL carries only texts of letters, digits and ._:- (UUIDs…), integers, booleans and null',
  );
};

/**
 * The statement as plain SQL, its `$n` written in as literals, for the simple protocol (which has
 * no parameters): with BEGIN in one round trip on a connection that does not pipeline
 * (`withTenantTransaction`'s `atBegin`), or in a one-trip read. Only values that cannot carry SQL pass ({@link SAFE_LITERAL} texts such as UUIDs,
 * integers, booleans, null); anything else throws before a byte is sent.
 */
export const inlineSql = ({ text, values }: Statement): string =>
  replaceParameters(text, values.length, (n) => literal(values[n - 1]));

/**
 * `text` with each `$n` replaced by `by(n)`; a `$n` outside 1…`count` throws a RangeError. For
 * statements whose parameters are rewritten rather than bound ({@link inlineSql}, combined-read.ts).
 */
export const replaceParameters = (text: string, count: number, by: (n: number) => string): string =>
  text.replace(/\$(\d+)\b/g, (_, digits: string) => {
    const n = Number(digits);
    if (n < 1 || n > count) throw new RangeError(`no value for $${digits}`);
    return by(n);
  });

/**
 * One read statement under the tenant in one round trip, where {@link withTenantTransaction}
 * takes three (BEGIN with the tenant, the statement, COMMIT). On a pipelining pool the three go
 * in one socket write and the statement is prepared. Otherwise the tenant and the statement go in
 * one simple-protocol message, which PostgreSQL runs as one implicit transaction (so the
 * transaction-local tenant holds for the statement and ends with it), its values written in
 * ({@link inlineSql}). Every statement's round trip is a socket write, the largest share of a
 * short read's CPU (API benchmark profile, 2026-12-06). `read` gets a connection for exactly one
 * statement; a second throws.
 */
export const readOnce = async <T>(
  pool: Pool,
  tenantId: string,
  read: (db: Queryable) => Promise<T>,
): Promise<T> => {
  if (tenantId !== NO_TENANT && !UUID.test(tenantId)) throw new TypeError('tenant id is not a UUID');
  const tenant = `SELECT set_config('app.tenant_id', '${tenantId}', true)`;
  let used = false;
  const once = () => {
    if (used) throw new Error('readOnce runs one statement; use withTenantTransaction for more');
    used = true;
  };
  const pipelined = (pool as unknown as { options?: { pipeline?: unknown } }).options?.pipeline === true;
  const db = {
    query: async (text: string, values: readonly unknown[] = []) => {
      once();
      if (!pipelined) {
        const results = (await pool.query(
          `${tenant}; ${inlineSql({ text, values })}`,
        )) as unknown as QueryResult[];
        return results[1];
      }
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        // A failed statement makes the COMMIT answer ROLLBACK: the connection ends clean either way.
        const [, result] = await Promise.all([
          client.query(`BEGIN READ ONLY; ${tenant}`),
          client.query(text, [...values]),
          client.query('COMMIT'),
        ]);
        return result;
      } catch (error) {
        if (!(error instanceof Error && 'code' in error))
          broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(broken);
      }
    },
  } as Queryable;
  return read(db);
};
