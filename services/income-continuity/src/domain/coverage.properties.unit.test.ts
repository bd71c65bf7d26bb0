import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  covering,
  unjustifiedGaps,
  type CoveragePeriod,
  type UncoveredDecision,
} from './coverage.ts';
import { addDays } from './days.ts';
import { decideReopening, type ReopeningDecision } from './decisions.ts';
import { reopenIncomeAfterEnd, suspendIncomeForPlacement } from './placement-coverage.ts';
import { confirmUnemployment, registerIncome } from './registration.ts';

/** One person's life as the service sees it, with the facts it keeps beside the periods. */
interface World {
  periods: CoveragePeriod[];
  decisions: UncoveredDecision[];
  reopenings: { id: string; periodId: string; lastWorkedDay: string; decided: boolean }[];
  bridge: { id: string; periodId: string; startedOn: string } | null;
  placement: { id: string; startDate: string } | null;
  /** The first day a new fact may concern: time moves forward. */
  cursor: string;
}

const endKind = fc.constantFrom(
  'trial_not_conclusive',
  'trial_ended_early',
  'contract_ended_early',
  'completed',
);
const step = fc.oneof(
  fc.record({ op: fc.constant('start' as const), wait: fc.integer({ min: 0, max: 70 }) }),
  fc.record({ op: fc.constant('end' as const), kind: endKind, worked: fc.integer({ min: 0, max: 400 }) }),
  fc.record({
    op: fc.constant('decide' as const),
    pick: fc.nat(),
    outcome: fc.constantFrom('approved', 'refused', 'amended'),
    laterBy: fc.integer({ min: 0, max: 45 }),
    category: fc.constantFrom('cohabitant', 'single', 'with_dependants', null),
  }),
  fc.record({ op: fc.constant('confirm' as const), after: fc.integer({ min: 1, max: 90 }) }),
);

// Start days around month ends and the leap days of 2024 and 2028.
const firstDay = fc.constantFrom(
  '2024-01-31',
  '2024-02-28',
  '2024-02-29',
  '2025-12-31',
  '2027-02-27',
  '2028-02-28',
);

type StepValue = typeof step extends fc.Arbitrary<infer T> ? T : never;

const apply = (world: World, s: StepValue, newId: () => string): void => {
  switch (s.op) {
    case 'start': {
      if (world.placement) return;
      const startDate = addDays(world.cursor, s.wait);
      world.periods = applyChanges(
        world.periods,
        suspendIncomeForPlacement(world.periods, { placementId: `p-${newId()}`, startDate }, newId),
      );
      const salary = world.periods[world.periods.length - 1];
      world.placement = { id: salary?.placementId ?? '', startDate };
      // A new contract ends the bridge: the salary covers the person again (suspendIncome closes it).
      world.bridge = null;
      world.cursor = startDate;
      return;
    }
    case 'end': {
      if (!world.placement) return;
      const lastWorkedDay = addDays(world.placement.startDate, s.worked);
      const status = s.kind === 'completed' ? 'bridging' : 'provisional';
      const { changes, reopened } = reopenIncomeAfterEnd(
        world.periods,
        {
          placementId: world.placement.id,
          placementStartDate: s.kind.startsWith('trial') ? world.placement.startDate : null,
          lastWorkedDay,
        },
        status,
        newId,
      );
      world.periods = applyChanges(world.periods, changes);
      if (status === 'bridging') {
        world.bridge = { id: newId(), periodId: reopened.id, startedOn: reopened.startDate };
      } else {
        world.reopenings.push({ id: newId(), periodId: reopened.id, lastWorkedDay, decided: false });
      }
      world.placement = null;
      world.cursor = reopened.startDate;
      return;
    }
    case 'decide': {
      const pending = world.reopenings.filter((r) => !r.decided);
      const reopening = pending[s.pick % Math.max(1, pending.length)];
      const period = world.periods.find((p) => p.id === reopening?.periodId);
      if (!reopening || !period) return;
      const later = addDays(period.startDate, s.laterBy);
      const effectiveFrom = period.endDate !== null && later > period.endDate ? period.endDate : later;
      const decision: ReopeningDecision = {
        decisionId: newId(),
        outcome: s.outcome,
        reasonCode: s.outcome === 'refused' ? 'resources_above_threshold' : null,
        effectiveFrom: s.outcome === 'amended' ? effectiveFrom : null,
        category: s.outcome === 'amended' ? (s.category ?? 'single') : null,
      };
      const outcome = decideReopening(period, reopening, decision);
      world.periods = applyChanges(world.periods, outcome.changes);
      if (outcome.uncovered) world.decisions.push({ decisionId: decision.decisionId, ...outcome.uncovered });
      reopening.decided = true;
      return;
    }
    case 'confirm': {
      if (!world.bridge || world.placement) return;
      const benefitsFrom = addDays(world.cursor, s.after);
      const { changes } = confirmUnemployment(world.periods, world.bridge, { benefitsFrom }, newId);
      world.periods = applyChanges(world.periods, changes);
      world.bridge = null;
      world.cursor = benefitsFrom;
      return;
    }
    default: {
      const unknown: never = s;
      throw new Error(`unknown step ${JSON.stringify(unknown)}`);
    }
  }
};

const ids = () => {
  let n = 0;
  return () => `00000000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`;
};

const overlaps = (periods: readonly CoveragePeriod[]) => {
  const sorted = covering(periods).sort((a, b) => a.startDate.localeCompare(b.startDate));
  return sorted.some((p, i) => {
    const next = sorted[i + 1];
    return next !== undefined && (p.endDate === null || p.endDate >= next.startDate);
  });
};

describe('the coverage invariant', () => {
  it('property: after any sequence of starts, trial ends, early ends, completions, committee decisions and benefit confirmations, every uncovered day is justified by a recorded decision, and no two periods cover the same day', () => {
    fc.assert(
      fc.property(firstDay, fc.array(step, { minLength: 1, maxLength: 30 }), (day, steps) => {
        const newId = ids();
        const world: World = {
          periods: [],
          decisions: [],
          reopenings: [],
          bridge: null,
          placement: null,
          cursor: day,
        };
        world.periods = applyChanges(
          [],
          registerIncome([], { startDate: day, category: 'single' }, newId).changes,
        );
        for (const s of steps) {
          apply(world, s, newId);
          expect(unjustifiedGaps(world.periods, world.decisions)).toEqual([]);
          expect(overlaps(world.periods)).toBe(false);
        }
        const open = covering(world.periods).filter((p) => p.endDate === null);
        const refusedLast = world.decisions.some((d) => d.to === null);
        expect(open.length).toBe(refusedLast && open.length === 0 ? 0 : 1);
      }),
      { numRuns: 400 },
    );
  });

  it('property: without a recorded decision, removing the decisions of a refused reopening exposes its gap', () => {
    fc.assert(
      fc.property(
        firstDay,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 200 }),
        (day, wait, worked) => {
          const newId = ids();
          const world: World = {
            periods: [],
            decisions: [],
            reopenings: [],
            bridge: null,
            placement: null,
            cursor: day,
          };
          world.periods = applyChanges(
            [],
            registerIncome([], { startDate: day, category: 'cohabitant' }, newId).changes,
          );
          apply(world, { op: 'start', wait }, newId);
          apply(world, { op: 'end', kind: 'trial_not_conclusive', worked }, newId);
          apply(world, { op: 'decide', pick: 0, outcome: 'refused', laterBy: 0, category: null }, newId);
          expect(unjustifiedGaps(world.periods, world.decisions)).toEqual([]);
          const lastWorkedDay = addDays(addDays(day, wait), worked);
          expect(unjustifiedGaps(world.periods, [])).toEqual([
            { from: addDays(lastWorkedDay, 1), to: null, justifiedBy: null },
          ]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
