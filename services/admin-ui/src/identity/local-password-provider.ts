import { createHash } from 'node:crypto';
import { withTenantTransaction } from '@relais/messaging';
import type { Clock } from '@relais/service-kit';
import type { Pool } from 'pg';
import {
  findAccountForSignIn,
  findAccountForSignInById,
  lockCounters,
  saveCounters,
  type SignInAccount,
} from '../db/accounts.ts';
import { normalizeEmail } from '../domain/account-rules.ts';
import { afterFailure, lockedAt, secondsUntil, type LockoutPolicy } from '../domain/lockout.ts';
import type { AuthenticationResult, IdentityProvider, SignedIn } from './identity-provider.ts';
import type { PasswordHasher } from './passwords.ts';
import type { UnknownEmailLock } from './unknown-email-lock.ts';

/** What the local provider works with. */
export interface LocalPasswordDeps {
  /** Reads an account before its CPAS is known (platform scope: read only). */
  readonly platformPool: Pool;
  /** Writes its counters in its CPAS's transaction. */
  readonly pool: Pool;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
  readonly policy: LockoutPolicy;
  readonly unknownEmails: UnknownEmailLock;
}

const INVALID: AuthenticationResult = { ok: false, reason: 'invalid_credentials' };

/**
 * The account as a session holds it, with a digest of what a session depends on (the password
 * hash itself never leaves this module); null if it cannot sign in.
 */
const signedIn = (account: SignInAccount): SignedIn | null => {
  if (account.disabledAt !== null || account.passwordHash === null) return null;
  const { id, tenantId, cpasName, displayName, roles, mustChangePassword, passwordHash } = account;
  const stamp = createHash('sha256')
    .update(JSON.stringify([tenantId, roles, passwordHash, mustChangePassword]))
    .digest('base64url');
  return { account: { id, tenantId, cpasName, displayName, roles, mustChangePassword }, stamp };
};

const recordFailure = (deps: LocalPasswordDeps, account: SignInAccount): Promise<AuthenticationResult> =>
  withTenantTransaction(deps.pool, account.tenantId, async (tx) => {
    const now = deps.clock.now();
    const counters = (await lockCounters(tx, account.id)) ?? account;
    const after = afterFailure(counters, now, deps.policy);
    await saveCounters(tx, account.id, after);
    const lock = lockedAt(after, now);
    return lock ? { ok: false, reason: 'locked', retryAfterSeconds: secondsUntil(lock, now) } : INVALID;
  });

const clearFailures = (deps: LocalPasswordDeps, account: SignInAccount): Promise<void> =>
  withTenantTransaction(deps.pool, account.tenantId, (tx) =>
    saveCounters(tx, account.id, { failedAttempts: 0, lockedUntil: null }),
  );

/**
 * Passwords held here, hashed with argon2id. An unknown email costs the same hash as a known one
 * and is locked after the same failures, so neither the answer nor its timing tells whether an
 * account exists. A locked account is refused before its password is even checked.
 */
export const localPasswordProvider = (deps: LocalPasswordDeps): IdentityProvider => ({
  async authenticate({ email, password }) {
    const normalized = normalizeEmail(email);
    const account = await findAccountForSignIn(deps.platformPool, normalized);
    if (!account || account.passwordHash === null) {
      const lock = await deps.unknownEmails.lockOf(normalized);
      if (lock) return lock;
      await deps.passwords.verifyNothing(password);
      return deps.unknownEmails.fail(normalized);
    }
    const now = deps.clock.now();
    const lock = lockedAt(account, now);
    if (lock) return { ok: false, reason: 'locked', retryAfterSeconds: secondsUntil(lock, now) };
    const valid = await deps.passwords.verify(account.passwordHash, password);
    // A disabled account answers like a wrong password: it tells nothing and opens nothing.
    if (account.disabledAt !== null) return INVALID;
    if (!valid) return recordFailure(deps, account);
    if (account.failedAttempts > 0 || account.lockedUntil !== null) await clearFailures(deps, account);
    // Read before the failures were cleared, which changes nothing a session depends on.
    const opened = signedIn(account);
    return opened ? { ok: true, ...opened } : INVALID;
  },
  async current(accountId) {
    const account = await findAccountForSignInById(deps.platformPool, accountId);
    return account ? signedIn(account) : null;
  },
});
