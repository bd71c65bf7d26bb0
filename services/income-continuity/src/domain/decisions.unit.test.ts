import { describe, expect, it } from 'vitest';
import type { CoveragePeriod } from './coverage.ts';
import { decideReopening, readAmendments, type ReopeningDecision } from './decisions.ts';

const reopened: CoveragePeriod = {
  id: 'ri-1',
  kind: 'integration_income',
  startDate: '2026-03-21',
  endDate: null,
  placementId: null,
  status: 'provisional',
  category: 'single',
};
const reopening = { id: 'r-1', periodId: 'ri-1', lastWorkedDay: '2026-03-20', decided: false };
const decision = (d: Partial<ReopeningDecision>): ReopeningDecision => ({
  decisionId: 'd-1',
  outcome: 'approved',
  reasonCode: null,
  effectiveFrom: null,
  category: null,
  ...d,
});

describe('the committee decides on a provisional reopening', () => {
  it('given a provisional RI from 21 March, when the committee approves, then the period is confirmed and no day is left uncovered', () => {
    const outcome = decideReopening(reopened, reopening, decision({}));
    expect(outcome.changes).toEqual([
      { op: 'revise', fact: 'confirmed', period: { ...reopened, status: 'active' } },
    ]);
    expect(outcome.uncovered).toBeNull();
  });

  it('when it amends the category, then the period keeps its start and takes the new category', () => {
    const outcome = decideReopening(
      reopened,
      reopening,
      decision({ outcome: 'amended', category: 'with_dependants' }),
    );
    expect(outcome.period).toMatchObject({
      startDate: '2026-03-21',
      category: 'with_dependants',
      status: 'active',
    });
    expect(outcome.uncovered).toBeNull();
  });

  it('when it amends the date to 1 April, then the days from 21 to 31 March are uncovered by its recorded decision', () => {
    const outcome = decideReopening(
      reopened,
      reopening,
      decision({ outcome: 'amended', effectiveFrom: '2026-04-01' }),
    );
    expect(outcome.period.startDate).toBe('2026-04-01');
    expect(outcome.uncovered).toEqual({ from: '2026-03-21', to: '2026-03-31' });
  });

  it('when it refuses with its reason, then the period is withdrawn and the days from 21 March are uncovered by that decision', () => {
    const outcome = decideReopening(
      reopened,
      reopening,
      decision({ outcome: 'refused', reasonCode: 'resources_above_threshold' }),
    );
    expect(outcome.changes).toEqual([
      { op: 'revise', fact: 'withdrawn', period: { ...reopened, status: 'withdrawn' } },
    ]);
    expect(outcome.uncovered).toEqual({ from: '2026-03-21', to: null });
  });

  it.each([
    ['a refusal without reason', decision({ outcome: 'refused' }), 'REFUSAL_REASON_REQUIRED'],
    ['an amendment changing nothing', decision({ outcome: 'amended' }), 'AMENDMENT_EMPTY'],
    [
      'an RI starting on the last worked day',
      decision({ outcome: 'amended', effectiveFrom: '2026-03-20' }),
      'AMENDMENT_BEFORE_SALARY_END',
    ],
  ])('refuses %s', (_what, d, code) => {
    expect(() => decideReopening(reopened, reopening, d)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a second decision on a decided reopening', () => {
    expect(() => decideReopening(reopened, { ...reopening, decided: true }, decision({}))).toThrow(
      expect.objectContaining({ code: 'REOPENING_ALREADY_DECIDED' }),
    );
  });

  it('reads only the amendments it understands', () => {
    expect(readAmendments({ effectiveFrom: '2026-04-01', category: 'cohabitant' })).toEqual({
      effectiveFrom: '2026-04-01',
      category: 'cohabitant',
    });
    expect(() => readAmendments({ amount: 100 })).toThrow(
      expect.objectContaining({ code: 'AMENDMENT_NOT_SUPPORTED' }),
    );
    expect(() => readAmendments({ category: 'rich' })).toThrow(
      expect.objectContaining({ code: 'AMENDMENT_INVALID' }),
    );
  });
});
