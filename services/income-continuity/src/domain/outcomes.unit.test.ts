import { describe, expect, it } from 'vitest';
import {
  addMonths,
  correctOutcome,
  fallsDue,
  planOutcomeChecks,
  recordOutcome,
  standingOf,
  type OutcomeCheck,
} from './outcomes.ts';

const ids = () => {
  let n = 0;
  return () => `0190a000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`;
};

const check = (overrides: Partial<OutcomeCheck> = {}): OutcomeCheck => ({
  id: 'c1',
  monthsAfterEnd: 3,
  lastWorkedDay: '2026-03-20',
  dueOn: '2026-06-20',
  status: 'due',
  currentOutcomeId: null,
  ...overrides,
});

describe('the due days of outcome checks', () => {
  it.each([
    ['2026-03-20', 3, '2026-06-20'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-10-31', 12, '2027-10-31'],
    ['2026-12-15', 3, '2027-03-15'],
  ])('%s + %i months is %s (a missing day becomes the month’s last)', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it('given a placement whose last worked day is 31 August, when planned, then its checks fall 3, 6 and 12 months later', () => {
    expect(
      planOutcomeChecks('2026-08-31', ids()).map(({ monthsAfterEnd, dueOn }) => [monthsAfterEnd, dueOn]),
    ).toEqual([
      [3, '2026-11-30'],
      [6, '2027-02-28'],
      [12, '2027-08-31'],
    ]);
  });

  it('given a check, when the days pass, then it is scheduled, falls due once, and is overdue a month after its due day', () => {
    const scheduled = check({ status: 'scheduled' });
    expect(standingOf(scheduled, '2026-06-19')).toBe('scheduled');
    expect(fallsDue(scheduled, '2026-06-19')).toBe(false);
    expect(fallsDue(scheduled, '2026-06-20')).toBe(true);
    expect(fallsDue(check({ status: 'due' }), '2026-06-21')).toBe(false);
    expect(standingOf(check(), '2026-07-20')).toBe('due');
    expect(standingOf(check(), '2026-07-21')).toBe('overdue');
    expect(standingOf(check({ status: 'recorded', currentOutcomeId: 'o1' }), '2027-01-01')).toBe('recorded');
  });
});

describe('recording the situation at a check', () => {
  const report = {
    situation: 'employed',
    detailCode: 'fixed_term_contract',
    observedOn: '2026-06-22',
  } as const;

  it('given a due check, when the officer records a job on a fixed-term contract, then the record is the first', () => {
    expect(
      recordOutcome(check(), { id: 'o1', role: 'placement_officer', report, today: '2026-06-23' }),
    ).toEqual({
      id: 'o1',
      checkId: 'c1',
      ...report,
      correctsOutcomeId: null,
      correctionReason: null,
    });
  });

  it('refuses a detail of another situation, a day to come, a day too early, a second record and another role, naming the field', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return { code: (error as { code: string }).code, field: (error as { field?: string }).field };
      }
      return null;
    };
    const today = '2026-06-23';
    expect(
      refused(() =>
        recordOutcome(check(), {
          id: 'o',
          role: 'social_worker',
          report: { ...report, detailCode: 'studies' },
          today,
        }),
      ),
    ).toEqual({ code: 'DETAIL_CODE_NOT_FOR_SITUATION', field: 'detailCode' });
    expect(
      refused(() =>
        recordOutcome(check(), {
          id: 'o',
          role: 'social_worker',
          report: { ...report, observedOn: '2026-06-24' },
          today,
        }),
      ),
    ).toEqual({ code: 'OBSERVED_IN_FUTURE', field: 'observedOn' });
    expect(
      refused(() =>
        recordOutcome(check(), {
          id: 'o',
          role: 'social_worker',
          report: { ...report, observedOn: '2026-06-05' },
          today,
        }),
      ),
    ).toEqual({ code: 'OBSERVED_TOO_EARLY', field: 'observedOn' });
    expect(
      refused(() =>
        recordOutcome(check({ status: 'recorded', currentOutcomeId: 'o0' }), {
          id: 'o',
          role: 'social_worker',
          report,
          today,
        }),
      ),
    ).toEqual({ code: 'OUTCOME_ALREADY_RECORDED', field: undefined });
    expect(refused(() => recordOutcome(check(), { id: 'o', role: 'safety_officer', report, today }))).toEqual(
      {
        code: 'ROLE_NOT_ALLOWED',
        field: undefined,
      },
    );
  });

  it('accepts a situation seen up to two weeks before the due day, and no detail at all', () => {
    const early = { situation: 'unknown', detailCode: null, observedOn: '2026-06-06' } as const;
    expect(
      recordOutcome(check({ status: 'scheduled' }), {
        id: 'o',
        role: 'social_worker',
        report: early,
        today: '2026-06-06',
      }).situation,
    ).toBe('unknown');
  });
});

describe('correcting a recorded outcome', () => {
  const recorded = check({ status: 'recorded', currentOutcomeId: 'o1' });
  const first = recordOutcome(check(), {
    id: 'o1',
    role: 'placement_officer',
    report: { situation: 'unemployment_benefits', detailCode: null, observedOn: '2026-06-22' },
    today: '2026-06-22',
  });

  it('given a recorded outcome, when corrected, then a new record names the one it replaces and why; the first stays as it was', () => {
    const corrected = correctOutcome(recorded, first, {
      id: 'o2',
      role: 'social_worker',
      report: { situation: 'training', detailCode: 'qualifying_training', observedOn: '2026-06-22' },
      reason: 'late_information',
      today: '2026-07-01',
    });
    expect(corrected).toMatchObject({
      id: 'o2',
      correctsOutcomeId: 'o1',
      correctionReason: 'late_information',
    });
    expect(first).toMatchObject({ id: 'o1', situation: 'unemployment_benefits', correctsOutcomeId: null });
  });

  it('refuses to correct a check with no outcome, and a correction that changes nothing', () => {
    const command = {
      id: 'o2',
      role: 'social_worker',
      report: { situation: 'unemployment_benefits', detailCode: null, observedOn: '2026-06-22' },
      reason: 'data_entry_error',
      today: '2026-07-01',
    } as const;
    expect(() => correctOutcome(check(), null, command)).toThrow(
      expect.objectContaining({ code: 'OUTCOME_NOT_RECORDED' }),
    );
    expect(() => correctOutcome(recorded, first, command)).toThrow(
      expect.objectContaining({ code: 'NOTHING_TO_CORRECT', field: 'situation' }),
    );
  });
});
