import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_TRANSITIONS, transitionCandidate } from './candidate-lifecycle.ts';
import { CANDIDATE_STATUSES, type Actor, type CandidateStatus, type Role } from './model.ts';

const AT = '2026-03-02T09:30:00.000Z';
const ROLES: readonly Role[] = [
  'placement_officer',
  'safety_officer',
  'social_worker',
  'committee_member',
  'committee_secretary',
  'cpas_admin',
  'platform_operator',
  'system',
];
const actor = (role: Role): Actor => ({ id: `${role}-1`, role });
const declared = (from: CandidateStatus, to: CandidateStatus) =>
  CANDIDATE_TRANSITIONS.find((t) => t.from === from && t.to === to);

describe('transitionCandidate', () => {
  const cases = CANDIDATE_TRANSITIONS.flatMap((t) =>
    t.roles.flatMap((role) => t.reasons.map((reason) => [t.from, t.to, role, reason] as const)),
  );

  it.each(cases)(
    'given a %s candidate, when a %s moves them to %s for %s, then the change is recorded',
    (from, to, role, reason) => {
      expect(transitionCandidate({ status: from }, to, actor(role), reason, AT)).toEqual({
        from,
        to,
        reason,
        actorId: `${role}-1`,
        actorRole: role,
        at: AT,
      });
    },
  );

  it.each([['trial_not_conclusive'], ['trial_ended_early'], ['contract_ended_early']])(
    'given a placed person, when the system records %s, then they are available again and nothing else is recorded against them',
    (reason) => {
      const change = transitionCandidate({ status: 'placed' }, 'available', actor('system'), reason, AT);
      expect(Object.keys(change).sort()).toEqual(['actorId', 'actorRole', 'at', 'from', 'reason', 'to']);
      expect(change).toMatchObject({ from: 'placed', to: 'available', reason });
    },
  );

  it('given a proposed candidate, when the committee refuses, then the system makes them available; when the contract starts, placed', () => {
    expect(
      transitionCandidate({ status: 'proposed' }, 'available', actor('system'), 'committee_refused', AT).to,
    ).toBe('available');
    expect(
      transitionCandidate({ status: 'proposed' }, 'placed', actor('system'), 'contract_started', AT).to,
    ).toBe('placed');
  });

  it('given an available candidate, when moved to placed directly, then the transition is refused as a conflict on "to"', () => {
    expect(() =>
      transitionCandidate(
        { status: 'available' },
        'placed',
        actor('placement_officer'),
        'contract_started',
        AT,
      ),
    ).toThrow(expect.objectContaining({ code: 'TRANSITION_NOT_ALLOWED', kind: 'conflict', field: 'to' }));
  });

  it('given an available candidate, when a safety officer shortlists them, then the role is refused', () => {
    expect(() =>
      transitionCandidate(
        { status: 'available' },
        'shortlisted',
        actor('safety_officer'),
        'presented_to_host',
        AT,
      ),
    ).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }));
  });

  it('given a placed candidate, when they are made available for a reason of another move, then the reason is refused on "reason"', () => {
    expect(() =>
      transitionCandidate({ status: 'placed' }, 'available', actor('system'), 'committee_refused', AT),
    ).toThrow(expect.objectContaining({ code: 'REASON_NOT_ALLOWED', kind: 'invalid', field: 'reason' }));
  });

  const status = fc.constantFrom(...CANDIDATE_STATUSES);
  const role = fc.constantFrom(...ROLES);
  const anyReason = fc.oneof(
    fc.constantFrom(...CANDIDATE_TRANSITIONS.flatMap((t) => t.reasons)),
    fc.string(),
  );

  it('given any move not in the table, when attempted by anyone for any reason, then it is refused as TRANSITION_NOT_ALLOWED', () => {
    fc.assert(
      fc.property(
        fc.tuple(status, status).filter(([from, to]) => !declared(from, to)),
        role,
        anyReason,
        ([from, to], r, reason) => {
          expect(() => transitionCandidate({ status: from }, to, actor(r), reason, AT)).toThrow(
            expect.objectContaining({ code: 'TRANSITION_NOT_ALLOWED' }),
          );
        },
      ),
    );
  });

  it('given a declared move, when attempted by a role it does not list, then it is refused as ROLE_NOT_ALLOWED whatever the reason', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CANDIDATE_TRANSITIONS), role, anyReason, (t, r, reason) => {
        fc.pre(!t.roles.includes(r));
        expect(() => transitionCandidate({ status: t.from }, t.to, actor(r), reason, AT)).toThrow(
          expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }),
        );
      }),
    );
  });

  it('given a declared move and an allowed role, when the reason is not one of its codes, then it is refused as REASON_NOT_ALLOWED', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CANDIDATE_TRANSITIONS), anyReason, (t, reason) => {
        fc.pre(!t.reasons.includes(reason));
        expect(() =>
          transitionCandidate({ status: t.from }, t.to, actor(t.roles[0] as Role), reason, AT),
        ).toThrow(expect.objectContaining({ code: 'REASON_NOT_ALLOWED', field: 'reason' }));
      }),
    );
  });
});

describe('CANDIDATE_TRANSITIONS', () => {
  const next = (from: CandidateStatus) =>
    CANDIDATE_TRANSITIONS.filter((t) => t.from === from).map((t) => t.to);
  const reachable = (start: CandidateStatus) => {
    const seen = new Set<CandidateStatus>([start]);
    const queue = [start];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      for (const to of next(s)) {
        if (seen.has(to)) continue;
        seen.add(to);
        queue.push(to);
      }
    }
    return seen;
  };

  it('declares each move once, never a move to the same status, each with roles and reasons', () => {
    const moves = CANDIDATE_TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    expect(new Set(moves).size).toBe(moves.length);
    for (const t of CANDIDATE_TRANSITIONS) {
      expect(t.from).not.toBe(t.to);
      expect(t.roles.length).toBeGreaterThan(0);
      expect(t.reasons.length).toBeGreaterThan(0);
      for (const reason of t.reasons) expect(reason).toMatch(/^[a-z][a-z0-9_]{2,60}$/);
    }
  });

  it('lets a referred person reach every status, and everyone still followed leave; exited is final', () => {
    expect([...reachable('referred')].sort()).toEqual([...CANDIDATE_STATUSES].sort());
    for (const s of CANDIDATE_STATUSES) if (s !== 'exited') expect(next(s)).toContain('exited');
    expect(next('exited')).toEqual([]);
  });

  it('lets every active status be paused, except placed (the contract governs absences at work), and a pause end', () => {
    const pausable = CANDIDATE_STATUSES.filter((s) => declared(s, 'paused'));
    expect(pausable).toEqual(['referred', 'in_preparation', 'available', 'shortlisted', 'proposed']);
    expect(next('paused').sort()).toEqual(['available', 'exited', 'in_preparation']);
  });
});
