import {
  applyChanges,
  categoryBefore,
  endOpenPeriodsBefore,
  type CoverageChange,
  type CoveragePeriod,
  type IncomeCategory,
} from './coverage.ts';
import { addDays } from './days.ts';

const salaryOf = (periods: readonly CoveragePeriod[], placementId: string) =>
  periods.find((p) => p.kind === 'article60_salary' && p.placementId === placementId);

/** What suspending the RI did: the changes, and the RI period it suspended if there was one. */
export interface Suspension {
  readonly changes: CoverageChange[];
  readonly suspended: CoveragePeriod | null;
}

/**
 * A placement starts: the RI is suspended from the contract start (paid up to the day
 * before) and the salary covers the days from the start. Idempotent per placement, and
 * commutative with {@link reopenIncomeAfterEnd}: whichever event arrives first, the timeline
 * ends the same.
 */
export const suspendIncomeForPlacement = (
  periods: readonly CoveragePeriod[],
  placement: { readonly placementId: string; readonly startDate: string },
  newId: () => string,
): CoverageChange[] => suspend(periods, placement, newId).changes;

/** {@link suspendIncomeForPlacement}, telling which RI period was suspended. */
export const suspend = (
  periods: readonly CoveragePeriod[],
  placement: { readonly placementId: string; readonly startDate: string },
  newId: () => string,
): Suspension => {
  if (salaryOf(periods, placement.placementId)) return { changes: [], suspended: null };
  const ended = endOpenPeriodsBefore(periods, placement.startDate);
  const suspended =
    periods.find(
      (p) => p.kind === 'integration_income' && ended.some((c) => c.op === 'end' && c.periodId === p.id),
    ) ?? null;
  return {
    suspended,
    changes: [
      ...ended,
      {
        op: 'insert',
        period: {
          id: newId(),
          kind: 'article60_salary',
          startDate: placement.startDate,
          endDate: null,
          placementId: placement.placementId,
          status: 'active',
          category: null,
        },
      },
    ],
  };
};

/** What the end of a placement tells the timeline. */
export interface PlacementEnd {
  readonly placementId: string;
  /** Known from a trial end; null from PlacementEnded, which always follows PlacementStarted. */
  readonly placementStartDate: string | null;
  readonly lastWorkedDay: string;
}

/**
 * The salary ends on the last worked day and the RI opens the very next day, so the person
 * has no uncovered day (seed 004 §4.4: the committee decides the contract end and, in
 * parallel, the RI reopening). `provisional` after an ended trial or an early end (the
 * committee ratifies); `bridging` after a completed contract, until unemployment benefits
 * are paid. The category is the one the person had before the placement, if known.
 */
export const reopenIncomeAfterEnd = (
  periods: readonly CoveragePeriod[],
  end: PlacementEnd,
  status: 'provisional' | 'bridging',
  newId: () => string,
): { readonly changes: CoverageChange[]; readonly reopened: CoveragePeriod } => {
  const started =
    end.placementStartDate === null
      ? []
      : suspendIncomeForPlacement(
          periods,
          { placementId: end.placementId, startDate: end.placementStartDate },
          newId,
        );
  const timeline = applyChanges(periods, started);
  const salary = salaryOf(timeline, end.placementId);
  const changes = [...started];
  if (salary && (salary.endDate === null || salary.endDate > end.lastWorkedDay)) {
    changes.push({ op: 'end', periodId: salary.id, endDate: end.lastWorkedDay });
  }
  const category: IncomeCategory | null = categoryBefore(
    timeline,
    salary?.startDate ?? end.placementStartDate ?? end.lastWorkedDay,
  );
  const reopened: CoveragePeriod = {
    id: newId(),
    kind: 'integration_income',
    startDate: addDays(end.lastWorkedDay, 1),
    endDate: null,
    placementId: null,
    status,
    category,
  };
  changes.push({ op: 'insert', period: reopened });
  return { changes, reopened };
};

/** {@link reopenIncomeAfterEnd} after an ended trial (the start date travels with TrialEnded). */
export const reopenIncomeAfterTrial = (
  periods: readonly CoveragePeriod[],
  trialEnd: {
    readonly placementId: string;
    readonly placementStartDate: string;
    readonly lastWorkedDay: string;
  },
  newId: () => string,
): { readonly changes: CoverageChange[]; readonly reopened: CoveragePeriod } =>
  reopenIncomeAfterEnd(periods, trialEnd, 'provisional', newId);
