import { withTenantTransaction } from '@relais/messaging';
import { DomainError } from '@relais/service-kit';
import { lockPasswordHash, setOwnPassword } from '../db/accounts.ts';
import { checkNewPassword } from '../domain/account-rules.ts';
import type { AccountDeps, Actor } from './deps.ts';

/**
 * The holder replaces their password (the temporary one an administrator set, or their own),
 * proving they know the current one; every session of the account ends, the caller's included
 * (the route gives it a fresh one), so a session opened with the old password does not outlive it.
 */
export const changePassword = async (
  deps: AccountDeps,
  actor: Actor,
  input: { readonly currentPassword: string; readonly newPassword: string },
): Promise<void> => {
  checkNewPassword(input.newPassword, 'newPassword');
  if (input.newPassword === input.currentPassword) {
    throw new DomainError(
      'PASSWORD_UNCHANGED',
      'invalid',
      'choose a password other than the current one',
      'newPassword',
    );
  }
  const newHash = await deps.passwords.hash(input.newPassword);
  await withTenantTransaction(deps.pool, actor.tenantId, async (tx) => {
    const stored = await lockPasswordHash(tx, actor.userId);
    if (stored === null || !(await deps.passwords.verify(stored, input.currentPassword))) {
      throw new DomainError(
        'CURRENT_PASSWORD_WRONG',
        'forbidden',
        'the current password is not right',
        'currentPassword',
      );
    }
    await setOwnPassword(tx, actor.userId, newHash);
  });
  await deps.sessions.destroyAllOf(actor.userId);
};
