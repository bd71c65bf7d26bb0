import { withTenantTransaction } from '@relais/messaging';
import { listAccounts as readAccounts, type Account } from '../db/accounts.ts';
import type { AccountDeps, Actor } from './deps.ts';

/** The accounts of the administrator's CPAS, and of no other. */
export const listAccounts = (deps: AccountDeps, actor: Actor): Promise<Account[]> =>
  withTenantTransaction(deps.pool, actor.tenantId, (tx) => readAccounts(tx, actor.tenantId), {
    readOnly: true,
  });
