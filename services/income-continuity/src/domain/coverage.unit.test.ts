import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, findGaps, type CoveragePeriod } from './coverage.ts';
import { reopenIncomeAfterTrial, suspendIncomeForPlacement } from './placement-coverage.ts';
import { addDays } from './days.ts';

const ids = () => {
  let n = 0;
  return () => `id-${String((n += 1))}`;
};

const incomeSince = (startDate: string): CoveragePeriod => ({
  id: 'ri-0',
  kind: 'integration_income',
  startDate,
  endDate: null,
  placementId: null,
  status: 'active',
  category: 'single',
});

const shape = (periods: readonly CoveragePeriod[]) =>
  periods
    .map(({ kind, startDate, endDate, placementId, status, category }) => ({
      kind,
      startDate,
      endDate,
      placementId,
      status,
      category,
    }))
    .sort((a, b) => a.startDate.localeCompare(b.startDate) || a.kind.localeCompare(b.kind));

describe('income coverage around an article 60 placement', () => {
  it('given RI since January, when a placement starts on 2 March, then the RI is paid up to 1 March and the salary covers from 2 March', () => {
    const timeline = applyChanges(
      [incomeSince('2026-01-01')],
      suspendIncomeForPlacement(
        [incomeSince('2026-01-01')],
        { placementId: 'p1', startDate: '2026-03-02' },
        ids(),
      ),
    );
    expect(shape(timeline)).toEqual([
      {
        kind: 'integration_income',
        startDate: '2026-01-01',
        endDate: '2026-03-01',
        placementId: null,
        status: 'active',
        category: 'single',
      },
      {
        kind: 'article60_salary',
        startDate: '2026-03-02',
        endDate: null,
        placementId: 'p1',
        status: 'active',
        category: null,
      },
    ]);
    expect(findGaps(timeline)).toEqual([]);
  });

  it('given a running placement, when the trial ends on 20 March, then the RI reopens provisionally on 21 March in the same category', () => {
    const newId = ids();
    const before = applyChanges(
      [incomeSince('2026-01-01')],
      suspendIncomeForPlacement(
        [incomeSince('2026-01-01')],
        { placementId: 'p1', startDate: '2026-03-02' },
        newId,
      ),
    );
    const { changes, reopened } = reopenIncomeAfterTrial(
      before,
      { placementId: 'p1', placementStartDate: '2026-03-02', lastWorkedDay: '2026-03-20' },
      newId,
    );
    const after = applyChanges(before, changes);
    expect(reopened).toMatchObject({
      kind: 'integration_income',
      startDate: '2026-03-21',
      endDate: null,
      status: 'provisional',
      category: 'single',
    });
    expect(shape(after)).toContainEqual({
      kind: 'article60_salary',
      startDate: '2026-03-02',
      endDate: '2026-03-20',
      placementId: 'p1',
      status: 'active',
      category: null,
    });
    expect(findGaps(after)).toEqual([]);
  });

  it('given the trial end arrives before the placement start, then the placement start changes nothing more', () => {
    const newId = ids();
    const start = [incomeSince('2026-01-01')];
    const { changes } = reopenIncomeAfterTrial(
      start,
      { placementId: 'p1', placementStartDate: '2026-03-02', lastWorkedDay: '2026-03-20' },
      newId,
    );
    const after = applyChanges(start, changes);
    expect(suspendIncomeForPlacement(after, { placementId: 'p1', startDate: '2026-03-02' }, newId)).toEqual(
      [],
    );
  });

  it('finds the uncovered days between two periods', () => {
    const periods: CoveragePeriod[] = [
      { ...incomeSince('2026-01-01'), endDate: '2026-01-31' },
      { ...incomeSince('2026-02-05'), id: 'ri-1' },
    ];
    expect(findGaps(periods)).toEqual([{ from: '2026-02-01', to: '2026-02-04' }]);
  });

  it('property: whatever the placements and the order of their two events, no day is uncovered and both orders agree', () => {
    const placementArb = fc.record({
      waitDays: fc.integer({ min: 1, max: 200 }),
      workedDays: fc.integer({ min: 0, max: 120 }),
      trialEndFirst: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(placementArb, { minLength: 1, maxLength: 6 }), (placements) => {
        const newId = ids();
        let timeline: CoveragePeriod[] = [incomeSince('2025-01-01')];
        let reference: CoveragePeriod[] = [incomeSince('2025-01-01')];
        let cursor = '2025-01-01';
        placements.forEach((p, i) => {
          const placementId = `p${String(i)}`;
          const startDate = addDays(cursor, p.waitDays);
          const lastWorkedDay = addDays(startDate, p.workedDays);
          const start = (t: CoveragePeriod[]) =>
            applyChanges(t, suspendIncomeForPlacement(t, { placementId, startDate }, newId));
          const end = (t: CoveragePeriod[]) =>
            applyChanges(
              t,
              reopenIncomeAfterTrial(t, { placementId, placementStartDate: startDate, lastWorkedDay }, newId)
                .changes,
            );
          timeline = p.trialEndFirst ? start(end(timeline)) : end(start(timeline));
          reference = end(start(reference));
          cursor = addDays(lastWorkedDay, 1);
        });
        expect(findGaps(timeline)).toEqual([]);
        expect(shape(timeline)).toEqual(shape(reference));
        const open = timeline.filter((t) => t.endDate === null);
        expect(open).toHaveLength(1);
        expect(open[0]).toMatchObject({
          kind: 'integration_income',
          startDate: cursor,
          status: 'provisional',
        });
      }),
      { numRuns: 300 },
    );
  });
});
