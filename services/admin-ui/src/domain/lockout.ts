/** How many wrong passwords in a row lock an account, and for how long. */
export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly lockMs: number;
}

/** The sign-in counters of an account. */
export interface SignInCounters {
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

/** Until when the account is locked at `now`, or null if it is not. */
export const lockedAt = (counters: SignInCounters, now: Date): Date | null =>
  counters.lockedUntil !== null && counters.lockedUntil.getTime() > now.getTime()
    ? counters.lockedUntil
    : null;

/**
 * The counters after one more wrong password: the last allowed failure locks the account and
 * starts the count afresh, so the holder gets every attempt back once the lock has passed.
 */
export const afterFailure = (counters: SignInCounters, now: Date, policy: LockoutPolicy): SignInCounters =>
  counters.failedAttempts + 1 >= policy.maxFailures
    ? { failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockMs) }
    : { failedAttempts: counters.failedAttempts + 1, lockedUntil: counters.lockedUntil };

/** Whole seconds until `until` (at least 1), for a Retry-After header. */
export const secondsUntil = (until: Date, now: Date): number =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
