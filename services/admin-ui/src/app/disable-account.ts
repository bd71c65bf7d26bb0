import { withTenantTransaction } from '@relais/messaging';
import { DomainError } from '@relais/service-kit';
import { disableAccount as markDisabled, type Account } from '../db/accounts.ts';
import { checkNotOwnAccount } from '../domain/account-rules.ts';
import type { AccountDeps, Actor } from './deps.ts';

/** The answer for an account of another CPAS as for one that does not exist: nothing is told. */
export const accountNotFound = (): DomainError =>
  new DomainError('ACCOUNT_NOT_FOUND', 'not_found', 'no such account in this CPAS');

/**
 * A CPAS administrator disables an account of their CPAS (kept, since histories name it): it
 * can no longer sign in, and its open sessions end now rather than at their expiry.
 */
export const disableAccount = async (
  deps: AccountDeps,
  actor: Actor,
  accountId: string,
): Promise<Account> => {
  checkNotOwnAccount(actor.userId, accountId, 'disable');
  const account = await withTenantTransaction(deps.pool, actor.tenantId, (tx) =>
    markDisabled(tx, accountId, deps.clock.now()),
  );
  if (!account) throw accountNotFound();
  await deps.sessions.destroyAllOf(account.id);
  return account;
};
