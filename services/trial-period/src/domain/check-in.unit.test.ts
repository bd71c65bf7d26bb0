import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addTutorView,
  assertLinkUsable,
  CHECK_IN_ITEMS,
  findDisagreements,
  isOverdue,
  recordCheckIn,
  type CheckIn,
  type Rating,
  type RecordCheckIn,
} from './check-in.ts';
import type { Actor } from './model.ts';
import { openTrial, recordOutcome, type TrialPeriod } from './trial-period.ts';

const officer: Actor = { id: '0190a000-0000-7000-8000-0000000000a1', role: 'placement_officer' };
const trial: TrialPeriod = openTrial(
  {
    tenantId: '0190a000-0000-7000-8000-000000000001',
    placementId: '0190a000-0000-7000-8000-000000000002',
    personId: '0190a000-0000-7000-8000-000000000003',
    startDate: '2026-03-02',
  },
  '0190a000-0000-7000-8000-000000000004',
  { id: '0190a000-0000-7000-8000-000000000005', lengthDays: 30 },
  { plannedEndDate: '2026-03-31', checkInsDueOn: ['2026-03-06'] },
);
const scheduled: CheckIn = {
  id: '0190a000-0000-7000-8000-000000000006',
  tenantId: trial.tenantId,
  trialPeriodId: trial.id,
  sequence: 1,
  dueOn: '2026-03-06',
  status: 'scheduled',
  heldOn: null,
  difficulties: [],
  supportActions: [],
  voices: [],
  disagreements: [],
  flagged: false,
  remindedOn: null,
};
const agreeing: RecordCheckIn = {
  heldOn: '2026-03-06',
  worker: { ratings: { punctuality: 4, task_mastery: 3 }, comment: 'Ça va bien.' },
  officer: { ratings: { punctuality: 4, task_mastery: 3 }, comment: null },
  tutor: null,
  difficulties: [{ code: 'transport', note: 'Deux bus le matin' }],
  supportActions: [
    { kind: 'transport_solution', description: 'Abonnement STIB', by: 'cpas', dueOn: '2026-03-13' },
  ],
};

describe('findDisagreements (the rule: ratings 2 or more apart on the 4-point scale)', () => {
  it('given voices one step apart, then nothing is flagged (ordinary nuance)', () => {
    expect(
      findDisagreements([
        { voice: 'worker', ratings: { punctuality: 3 } },
        { voice: 'tutor', ratings: { punctuality: 4 } },
        { voice: 'officer', ratings: { punctuality: 3 } },
      ]),
    ).toEqual([]);
  });

  it('given the worker says "fully" and the tutor "partly" on task mastery, then that item is flagged with each voice', () => {
    expect(
      findDisagreements([
        { voice: 'worker', ratings: { task_mastery: 4, punctuality: 4 } },
        { voice: 'tutor', ratings: { task_mastery: 2, punctuality: 4 } },
        { voice: 'officer', ratings: { task_mastery: 3 } },
      ]),
    ).toEqual([{ item: 'task_mastery', spread: 2, ratings: { worker: 4, tutor: 2, officer: 3 } }]);
  });

  it('given a single voice rating an item, then it cannot disagree with anyone', () => {
    expect(
      findDisagreements([
        { voice: 'tutor', ratings: { safety_behaviour: 1 } },
        { voice: 'worker', ratings: {} },
      ]),
    ).toEqual([]);
  });

  it('flags an item exactly when the highest and lowest rating are 2 or more apart', () => {
    const rating = fc.constantFrom<Rating>(1, 2, 3, 4);
    const voiceRatings = fc.dictionary(fc.constantFrom(...CHECK_IN_ITEMS), rating);
    fc.assert(
      fc.property(voiceRatings, voiceRatings, voiceRatings, (w, t, o) => {
        const found = findDisagreements([
          { voice: 'worker', ratings: w },
          { voice: 'tutor', ratings: t },
          { voice: 'officer', ratings: o },
        ]);
        for (const item of CHECK_IN_ITEMS) {
          const values = [w[item], t[item], o[item]].filter((r) => r !== undefined);
          const apart = values.length >= 2 && Math.max(...values) - Math.min(...values) >= 2;
          expect(found.some((d) => d.item === item)).toBe(apart);
        }
      }),
    );
  });
});

describe('recordCheckIn', () => {
  it('given a scheduled check-in, when the officer records agreeing voices, then it is held, unflagged, voices apart', () => {
    const { checkIn, newVoices } = recordCheckIn(trial, scheduled, agreeing, officer, '2026-03-06');
    expect(checkIn).toMatchObject({
      status: 'held',
      heldOn: '2026-03-06',
      flagged: false,
      difficulties: agreeing.difficulties,
    });
    expect(newVoices.map((v) => [v.voice, v.source])).toEqual([
      ['worker', 'recorded_by_officer'],
      ['officer', 'recorded_by_officer'],
    ]);
  });

  it("given the tutor's view came through the link, when the officer records a strongly different view, then the check-in is flagged", () => {
    const withTutor = addTutorView(
      trial,
      scheduled,
      { ratings: { task_mastery: 1 }, comment: null },
      'link',
      '2026-03-05',
    ).checkIn;
    const { checkIn } = recordCheckIn(trial, withTutor, agreeing, officer, '2026-03-06');
    expect(checkIn.flagged).toBe(true);
    expect(checkIn.disagreements).toEqual([
      { item: 'task_mastery', spread: 2, ratings: { tutor: 1, worker: 3, officer: 3 } },
    ]);
    expect(checkIn.voices.map((v) => v.voice)).toEqual(['worker', 'tutor', 'officer']);
  });

  it("given the tutor's view came through the link, when the officer also types a tutor view, then TUTOR_VIEW_ALREADY_GIVEN", () => {
    const withTutor = addTutorView(
      trial,
      scheduled,
      { ratings: {}, comment: null },
      'link',
      '2026-03-05',
    ).checkIn;
    expect(() =>
      recordCheckIn(
        trial,
        withTutor,
        { ...agreeing, tutor: { ratings: {}, comment: null } },
        officer,
        '2026-03-06',
      ),
    ).toThrow(expect.objectContaining({ code: 'TUTOR_VIEW_ALREADY_GIVEN' }));
  });

  it('given a held check-in, when it is recorded again, then CHECK_IN_ALREADY_HELD (voices are never rewritten)', () => {
    const held = recordCheckIn(trial, scheduled, agreeing, officer, '2026-03-06').checkIn;
    expect(() => recordCheckIn(trial, held, agreeing, officer, '2026-03-07')).toThrow(
      expect.objectContaining({ code: 'CHECK_IN_ALREADY_HELD', kind: 'conflict' }),
    );
  });

  it.each([
    ['before the trial', '2026-03-01'],
    ['in the future', '2026-03-07'],
  ])('given a check-in dated %s, then CHECK_IN_DATE_OUT_OF_RANGE on heldOn', (_what, heldOn) => {
    expect(() => recordCheckIn(trial, scheduled, { ...agreeing, heldOn }, officer, '2026-03-06')).toThrow(
      expect.objectContaining({ code: 'CHECK_IN_DATE_OUT_OF_RANGE', field: 'heldOn' }),
    );
  });

  it('given a difficulty listed twice, then DUPLICATE_DIFFICULTY', () => {
    const twice = {
      ...agreeing,
      difficulties: [
        { code: 'health', note: null },
        { code: 'health', note: null },
      ],
    } as const;
    expect(() => recordCheckIn(trial, scheduled, twice, officer, '2026-03-06')).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_DIFFICULTY', field: 'difficulties' }),
    );
  });

  it('given a decided trial, when a check-in is recorded, then TRIAL_NOT_RUNNING', () => {
    const decided = recordOutcome(trial, { outcome: 'conclusive' }, '2026-03-20', officer).trial;
    expect(() => recordCheckIn(decided, scheduled, agreeing, officer, '2026-03-06')).toThrow(
      expect.objectContaining({ code: 'TRIAL_NOT_RUNNING' }),
    );
  });

  it('given a host tutor role is not a staff role, when a safety officer records a check-in, then ROLE_NOT_ALLOWED', () => {
    expect(() =>
      recordCheckIn(trial, scheduled, agreeing, { ...officer, role: 'safety_officer' }, '2026-03-06'),
    ).toThrow(expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }));
  });
});

describe('tutor links and overdue check-ins', () => {
  const link = {
    id: 'l',
    tenantId: 't',
    checkInId: 'c',
    expiresAt: '2026-03-10T00:00:00.000Z',
    usedAt: null,
    revokedAt: null,
  };
  const now = new Date('2026-03-05T10:00:00Z');

  it('given a fresh link, then it is usable; used, revoked or expired, it is refused with its own code', () => {
    expect(() => assertLinkUsable(link, now)).not.toThrow();
    expect(() => assertLinkUsable({ ...link, usedAt: '2026-03-04T00:00:00Z' }, now)).toThrow(
      expect.objectContaining({ code: 'TUTOR_LINK_USED' }),
    );
    expect(() => assertLinkUsable({ ...link, revokedAt: '2026-03-04T00:00:00Z' }, now)).toThrow(
      expect.objectContaining({ code: 'TUTOR_LINK_REVOKED' }),
    );
    expect(() => assertLinkUsable(link, new Date('2026-03-10T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'TUTOR_LINK_EXPIRED' }),
    );
  });

  it('given a check-in due Friday with 2 grace days, then it is on time until Sunday and overdue on Monday, once', () => {
    expect(isOverdue(scheduled, '2026-03-08', 2)).toBe(false);
    expect(isOverdue(scheduled, '2026-03-09', 2)).toBe(true);
    expect(isOverdue({ ...scheduled, remindedOn: '2026-03-09' }, '2026-03-10', 2)).toBe(false);
    expect(isOverdue({ ...scheduled, status: 'held', heldOn: '2026-03-09' }, '2026-03-10', 2)).toBe(false);
  });
});
