import { withTenantTransaction } from '@relais/messaging';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { PasswordHasher } from '../identity/passwords.ts';
import { DEMO_CPAS, DEMO_PASSWORD } from './demo-accounts.ts';

/**
 * Writes the demo CPAS and accounts if they are missing (development only: the configuration
 * refuses DEMO_ACCOUNTS anywhere else). Idempotent, and safe for instances starting together: an
 * existing row, by id or by email, is left as it is (a password a developer changed stays).
 */
export const seedDemoAccounts = async (
  pool: Pool,
  passwords: PasswordHasher,
  logger: Logger,
): Promise<void> => {
  const passwordHash = await passwords.hash(DEMO_PASSWORD);
  let created = 0;
  for (const cpas of DEMO_CPAS) {
    await withTenantTransaction(pool, cpas.id, async (tx) => {
      await tx.query('INSERT INTO cpas (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        cpas.id,
        cpas.name,
      ]);
      for (const account of cpas.accounts) {
        const { rowCount } = await tx.query(
          `INSERT INTO accounts (id, tenant_id, email, display_name, roles, password_hash)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [account.id, cpas.id, account.email, account.displayName, [account.role], passwordHash],
        );
        created += rowCount ?? 0;
      }
    });
  }
  logger.warn({ created }, 'demo accounts present (development only; their password is published)');
};
