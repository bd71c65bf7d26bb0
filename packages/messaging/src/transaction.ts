import type { Pool, PoolClient } from 'pg';

/** A connection inside an open transaction whose tenant context is set. */
export type Tx = PoolClient;

/**
 * No CPAS: for work on tables outside row-level security (dead letters of a message whose CPAS
 * cannot be read). Every table under row-level security shows no row to such a transaction.
 */
export const NO_TENANT = '';

/**
 * Runs `work` in one transaction with the tenant (CPAS) set for row-level security
 * (`app.tenant_id`, transaction-local). Commits on success, rolls back on any error.
 * `readOnly` reads take one snapshot for all their statements (REPEATABLE READ).
 */
export const withTenantTransaction = async <T>(
  pool: Pool,
  tenantId: string,
  work: (tx: Tx) => Promise<T>,
  options: { readonly readOnly?: boolean } = {},
): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // A read spanning several statements sees one snapshot, never half of a concurrent commit.
    await client.query(options.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // A connection that cannot roll back is not given back to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
};
