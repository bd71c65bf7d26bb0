import { describe, expect, it } from 'vitest';
import { afterFailure, lockedAt, secondsUntil } from './lockout.ts';

const policy = { maxFailures: 5, lockMs: 15 * 60_000 };
const now = new Date('2026-03-02T08:30:00Z');

describe('sign-in lockout', () => {
  it('given four failures, when a fifth fails, then the account is locked for 15 minutes and the count starts afresh', () => {
    expect(afterFailure({ failedAttempts: 4, lockedUntil: null }, now, policy)).toEqual({
      failedAttempts: 0,
      lockedUntil: new Date('2026-03-02T08:45:00Z'),
    });
  });

  it('given fewer failures, when one more fails, then it is counted and nothing is locked', () => {
    expect(afterFailure({ failedAttempts: 1, lockedUntil: null }, now, policy)).toEqual({
      failedAttempts: 2,
      lockedUntil: null,
    });
  });

  it('given a lock, then it holds until its end and no longer', () => {
    const counters = { failedAttempts: 0, lockedUntil: new Date('2026-03-02T08:45:00Z') };
    expect(lockedAt(counters, now)).toEqual(counters.lockedUntil);
    expect(lockedAt(counters, new Date('2026-03-02T08:45:00Z'))).toBeNull();
    expect(secondsUntil(new Date('2026-03-02T08:45:00Z'), now)).toBe(900);
    expect(secondsUntil(now, now)).toBe(1);
  });
});
