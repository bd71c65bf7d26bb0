import type { Redis } from 'ioredis';
import type { LockoutPolicy } from '../domain/lockout.ts';
import { redisGuard, type RedisGuard } from '../session/redis-availability.ts';
import type { AuthenticationResult } from './identity-provider.ts';
import { emailKey } from './email-key.ts';

/** Failures for an email nobody has are forgotten after a day without one. */
const FORGET_AFTER_MS = 24 * 3600_000;

type Refusal = Extract<AuthenticationResult, { ok: false }>;

/**
 * Counts wrong sign-ins for emails that have no account and locks them like a real account
 * after the same number of failures: otherwise "locked after 5 failures" would itself tell an
 * attacker which emails exist. Kept in Redis, since there is no row to count on.
 */
export const unknownEmailLock = (
  redis: Redis,
  keyPrefix: string,
  policy: LockoutPolicy,
  guard: RedisGuard = redisGuard(redis),
) => {
  const keyOf = (email: string) => `${keyPrefix}sign-in:unknown:${emailKey(email)}`;
  const locked = async (key: string): Promise<Refusal> => ({
    ok: false,
    reason: 'locked',
    retryAfterSeconds: Math.max(1, Math.ceil((await guard(() => redis.pttl(key))) / 1000)),
  });
  return {
    /** The lock on this email, if it has one (checked before any hashing, as for an account). */
    async lockOf(email: string): Promise<Refusal | null> {
      const key = keyOf(email);
      const failures = Number((await guard(() => redis.get(key))) ?? 0);
      return failures >= policy.maxFailures ? locked(key) : null;
    },
    /** Counts one more failure; the last allowed one locks the email for the lock's duration. */
    async fail(email: string): Promise<Refusal> {
      const key = keyOf(email);
      const failures = await guard(() => redis.incr(key));
      if (failures < policy.maxFailures) {
        await guard(() => redis.pexpire(key, FORGET_AFTER_MS));
        return { ok: false, reason: 'invalid_credentials' };
      }
      await guard(() => redis.pexpire(key, policy.lockMs));
      return locked(key);
    },
  };
};

/** The lock of unknown emails. */
export type UnknownEmailLock = ReturnType<typeof unknownEmailLock>;
