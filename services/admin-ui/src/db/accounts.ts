import type { Tx } from '@relais/messaging';
import { DomainError, type UserRole } from '@relais/service-kit';
import type { Pool } from 'pg';
import type { SignInCounters } from '../domain/lockout.ts';

/** An account as its CPAS administrator sees it (never its password hash). */
export interface Account {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: UserRole[];
  readonly mustChangePassword: boolean;
  readonly lockedUntil: Date | null;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
}

/** What sign-in needs of an account. */
export interface SignInAccount extends SignInCounters {
  readonly id: string;
  readonly tenantId: string;
  readonly cpasName: string;
  readonly displayName: string;
  readonly roles: UserRole[];
  readonly passwordHash: string | null;
  readonly mustChangePassword: boolean;
  readonly disabledAt: Date | null;
}

const ACCOUNT_COLUMNS = `id, tenant_id AS "tenantId", email, display_name AS "displayName", roles,
  must_change_password AS "mustChangePassword", locked_until AS "lockedUntil", disabled_at AS "disabledAt",
  created_at AS "createdAt"`;

const SIGN_IN_SELECT = `SELECT a.id, a.tenant_id AS "tenantId", c.name AS "cpasName", a.display_name AS "displayName", a.roles,
            a.password_hash AS "passwordHash", a.must_change_password AS "mustChangePassword",
            a.failed_attempts AS "failedAttempts", a.locked_until AS "lockedUntil", a.disabled_at AS "disabledAt"
       FROM accounts a JOIN cpas c ON c.id = a.tenant_id`;

/**
 * Finds the account of an email across every CPAS (sign-in comes before a CPAS is known), in
 * the platform scope, which may read but never write.
 */
export const findAccountForSignIn = async (
  platformPool: Pool,
  email: string,
): Promise<SignInAccount | null> => {
  const { rows } = await platformPool.query<SignInAccount>(`${SIGN_IN_SELECT} WHERE lower(a.email) = $1`, [
    email,
  ]);
  return rows[0] ?? null;
};

/** The same by id: the account as it is now, once a session is about to open for it. */
export const findAccountForSignInById = async (
  platformPool: Pool,
  accountId: string,
): Promise<SignInAccount | null> => {
  const { rows } = await platformPool.query<SignInAccount>(`${SIGN_IN_SELECT} WHERE a.id = $1`, [accountId]);
  return rows[0] ?? null;
};

/** The sign-in counters of an account, locked for update (concurrent failures count one by one). */
export const lockCounters = async (tx: Tx, accountId: string): Promise<SignInCounters | null> => {
  const { rows } = await tx.query<SignInCounters>(
    `SELECT failed_attempts AS "failedAttempts", locked_until AS "lockedUntil" FROM accounts WHERE id = $1 FOR UPDATE`,
    [accountId],
  );
  return rows[0] ?? null;
};

/** Stores an account's sign-in counters. */
export const saveCounters = async (tx: Tx, accountId: string, counters: SignInCounters): Promise<void> => {
  await tx.query('UPDATE accounts SET failed_attempts = $2, locked_until = $3 WHERE id = $1', [
    accountId,
    counters.failedAttempts,
    counters.lockedUntil,
  ]);
};

/** A new account of the transaction's CPAS; one email, one account, across every CPAS. */
export const insertAccount = async (
  tx: Tx,
  account: Omit<Account, 'lockedUntil' | 'disabledAt' | 'createdAt'> & { readonly passwordHash: string },
): Promise<Account> => {
  try {
    const { rows } = await tx.query<Account>(
      `INSERT INTO accounts (id, tenant_id, email, display_name, roles, password_hash, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${ACCOUNT_COLUMNS}`,
      [
        account.id,
        account.tenantId,
        account.email,
        account.displayName,
        account.roles,
        account.passwordHash,
        account.mustChangePassword,
      ],
    );
    return rows[0] as Account;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new DomainError('EMAIL_TAKEN', 'conflict', 'an account with this email already exists', 'email');
    }
    throw error;
  }
};

/** The accounts of the transaction's CPAS (row-level security holds the list to it), by name. */
export const listAccounts = async (tx: Tx, tenantId: string): Promise<Account[]> => {
  // A CPAS has tens of staff, not thousands: one bounded page.
  const { rows } = await tx.query<Account>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE tenant_id = $1 ORDER BY lower(display_name), id LIMIT 1000`,
    [tenantId],
  );
  return rows;
};

/** Disables an account of the transaction's CPAS (kept: histories name it); null if it has none such. */
export const disableAccount = async (tx: Tx, accountId: string, now: Date): Promise<Account | null> => {
  const { rows } = await tx.query<Account>(
    `UPDATE accounts SET disabled_at = COALESCE(disabled_at, $2) WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [accountId, now],
  );
  return rows[0] ?? null;
};

/** Replaces the roles of an account of the transaction's CPAS; null if it has none such. */
export const setRoles = async (
  tx: Tx,
  accountId: string,
  roles: readonly UserRole[],
): Promise<Account | null> => {
  const { rows } = await tx.query<Account>(
    `UPDATE accounts SET roles = $2 WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [accountId, roles],
  );
  return rows[0] ?? null;
};

/** The stored password hash of an account of the transaction's CPAS, locked for update. */
export const lockPasswordHash = async (tx: Tx, accountId: string): Promise<string | null> => {
  const { rows } = await tx.query<{ passwordHash: string | null }>(
    'SELECT password_hash AS "passwordHash" FROM accounts WHERE id = $1 AND disabled_at IS NULL FOR UPDATE',
    [accountId],
  );
  return rows[0]?.passwordHash ?? null;
};

/** Stores a password its holder chose. */
export const setOwnPassword = async (tx: Tx, accountId: string, passwordHash: string): Promise<void> => {
  await tx.query('UPDATE accounts SET password_hash = $2, must_change_password = false WHERE id = $1', [
    accountId,
    passwordHash,
  ]);
};
