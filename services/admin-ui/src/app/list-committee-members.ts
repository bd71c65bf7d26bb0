import type { Account } from '../db/accounts.ts';
import type { AccountDeps, Actor } from './deps.ts';
import { listAccounts } from './list-accounts.ts';

/**
 * Who may sit on the CPAS's committee: its active accounts holding a committee role, for the
 * secretary's roster of a session (names and ids only reach the committee service, no email).
 */
export const listCommitteeMembers = async (deps: AccountDeps, actor: Actor): Promise<Account[]> =>
  (await listAccounts(deps, actor)).filter(
    (account) =>
      account.disabledAt === null &&
      account.roles.some((role) => role === 'committee_member' || role === 'committee_secretary'),
  );
