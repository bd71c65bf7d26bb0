import { withTenantTransaction } from '@relais/messaging';
import type { UserRole } from '@relais/service-kit';
import { setRoles, type Account } from '../db/accounts.ts';
import { checkGrantable, checkNotOwnAccount } from '../domain/account-rules.ts';
import type { AccountDeps, Actor } from './deps.ts';
import { accountNotFound } from './disable-account.ts';

/**
 * A CPAS administrator replaces the roles of an account of their CPAS. Its open sessions end:
 * their tokens would otherwise carry the old roles until the session expired.
 */
export const changeRoles = async (
  deps: AccountDeps,
  actor: Actor,
  accountId: string,
  roles: readonly UserRole[],
): Promise<Account> => {
  checkNotOwnAccount(actor.userId, accountId, 'change the roles of');
  checkGrantable(roles);
  const account = await withTenantTransaction(deps.pool, actor.tenantId, (tx) =>
    setRoles(tx, accountId, roles),
  );
  if (!account) throw accountNotFound();
  await deps.sessions.destroyAllOf(account.id);
  return account;
};
