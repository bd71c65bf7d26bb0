import { withTenantTransaction } from '@relais/messaging';
import { insertAccount, type Account } from '../db/accounts.ts';
import { insertCpas, type Cpas } from '../db/cpas.ts';
import { checkNewPassword, normalizeEmail } from '../domain/account-rules.ts';
import type { AccountDeps } from './deps.ts';

/** A CPAS joining the platform, with the administrator who opens its other accounts. */
export interface NewCpas {
  readonly name: string;
  readonly admin: {
    readonly email: string;
    readonly displayName: string;
    readonly temporaryPassword: string;
  };
}

/**
 * The platform operator registers a CPAS and its first administrator, in one transaction held to
 * the new CPAS (so the account is written as that CPAS's row, under row-level security).
 */
export const createCpas = async (
  deps: AccountDeps,
  input: NewCpas,
): Promise<{ cpas: Cpas; admin: Account }> => {
  checkNewPassword(input.admin.temporaryPassword, 'admin.temporaryPassword');
  const passwordHash = await deps.passwords.hash(input.admin.temporaryPassword);
  const cpasId = deps.clock.newId();
  return withTenantTransaction(deps.pool, cpasId, async (tx) => {
    const cpas = await insertCpas(tx, { id: cpasId, name: input.name });
    const admin = await insertAccount(tx, {
      id: deps.clock.newId(),
      tenantId: cpasId,
      email: normalizeEmail(input.admin.email),
      displayName: input.admin.displayName,
      roles: ['cpas_admin'],
      passwordHash,
      mustChangePassword: true,
    });
    return { cpas, admin };
  });
};
