import type { Pool, PoolClient, QueryResult } from 'pg';
import { beginUnit, endUnit, flushDeferred } from './unit-of-work.ts';

/** A connection inside an open transaction whose tenant context is set. */
export type Tx = PoolClient;

/**
 * No CPAS: for work on tables outside row-level security (dead letters of a message whose CPAS
 * cannot be read). Every table under row-level security shows no row to such a transaction.
 */
export const NO_TENANT = '';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in one transaction with the tenant (CPAS) set for row-level security
 * (`app.tenant_id`, transaction-local). Commits on success, rolls back on any error.
 * `readOnly` reads take one snapshot for all their statements (REPEATABLE READ).
 */
export const withTenantTransaction = async <T>(
  pool: Pool,
  tenantId: string,
  work: (tx: Tx, begun: readonly QueryResult[]) => Promise<T>,
  options: {
    readonly readOnly?: boolean;
    /**
     * Plain SQL sent with BEGIN in the same round trip, its results given to `work`. Built by the
     * caller from checked literals only (see `lockAndFirstOpenSql`), never from raw input.
     */
    readonly atBegin?: string;
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
    const begin = (await client.query(
      `${options.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN'}; ` +
        `SELECT set_config('app.tenant_id', '${tenantId}', true)` +
        (options.atBegin ? `; ${options.atBegin}` : ''),
    )) as unknown as QueryResult[];
    beginUnit(client);
    const result = await work(client, begin.slice(2));
    // The deferred append-only rows, in one statement, before the commit (a failure rolls back).
    await flushDeferred(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // A connection that cannot roll back is not given back to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    endUnit(client);
    client.release(broken);
  }
};
