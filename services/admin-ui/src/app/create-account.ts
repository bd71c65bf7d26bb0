import { withTenantTransaction } from '@relais/messaging';
import type { UserRole } from '@relais/service-kit';
import { insertAccount, type Account } from '../db/accounts.ts';
import { checkGrantable, checkNewPassword, normalizeEmail } from '../domain/account-rules.ts';
import type { AccountDeps, Actor } from './deps.ts';

/** A new account the administrator creates. */
export interface NewAccount {
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly UserRole[];
  readonly temporaryPassword: string;
}

/**
 * A CPAS administrator opens an account in their own CPAS, with staff roles only and a temporary
 * password its holder must replace before doing anything else.
 */
export const createAccount = async (deps: AccountDeps, actor: Actor, input: NewAccount): Promise<Account> => {
  checkGrantable(input.roles);
  checkNewPassword(input.temporaryPassword, 'temporaryPassword');
  const passwordHash = await deps.passwords.hash(input.temporaryPassword);
  return withTenantTransaction(deps.pool, actor.tenantId, (tx) =>
    insertAccount(tx, {
      id: deps.clock.newId(),
      tenantId: actor.tenantId,
      email: normalizeEmail(input.email),
      displayName: input.displayName,
      roles: [...input.roles],
      passwordHash,
      mustChangePassword: true,
    }),
  );
};
