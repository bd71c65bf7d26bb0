import { describe, expect, it } from 'vitest';
import { assertFollowsCandidate } from './candidate.ts';
import type { Actor, Role } from './model.ts';

const referrer: Actor = { id: 'worker-1', role: 'social_worker' };

describe('assertFollowsCandidate', () => {
  it('given an officer or the platform, when they open any candidate, then they may', () => {
    for (const role of ['placement_officer', 'system'] as const)
      expect(() => assertFollowsCandidate({ id: 'x', role }, 'worker-1')).not.toThrow();
  });

  it('given the social worker who referred a person, when they open that file, then they may; a colleague may not', () => {
    expect(() => assertFollowsCandidate(referrer, 'worker-1')).not.toThrow();
    expect(() => assertFollowsCandidate({ ...referrer, id: 'worker-2' }, 'worker-1')).toThrow(
      expect.objectContaining({ code: 'CANDIDATE_NOT_REFERRED_BY_CALLER', kind: 'forbidden' }),
    );
    expect(() => assertFollowsCandidate(referrer, undefined)).toThrow(
      expect.objectContaining({ code: 'CANDIDATE_NOT_REFERRED_BY_CALLER' }),
    );
  });

  it.each<Role>([
    'safety_officer',
    'committee_member',
    'committee_secretary',
    'cpas_admin',
    'platform_operator',
  ])('given a %s, even the one who made the referral, when they open a file, then it is refused', (role) => {
    expect(() => assertFollowsCandidate({ id: 'worker-1', role }, 'worker-1')).toThrow(
      expect.objectContaining({ kind: 'forbidden' }),
    );
  });
});
