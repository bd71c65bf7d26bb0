import { addDays } from './days.ts';

/** What covers a person's day: the revenu d'intégration or the article 60 salary. */
export type PeriodKind = 'integration_income' | 'article60_salary';

/** The three RI categories (amounts differ by law and indexation; kept in configuration, not here). */
export type IncomeCategory = 'cohabitant' | 'single' | 'with_dependants';

/** One period of the coverage timeline; `endDate` null means open-ended. */
export interface CoveragePeriod {
  readonly id: string;
  readonly kind: PeriodKind;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly placementId: string | null;
  /** `provisional`: decided automatically, awaiting the committee's ratification. */
  readonly status: 'active' | 'provisional';
  readonly category: IncomeCategory | null;
}

/** A change to the timeline, applied by the repository in the handler's transaction. */
export type CoverageChange =
  | { readonly op: 'insert'; readonly period: CoveragePeriod }
  | { readonly op: 'end'; readonly periodId: string; readonly endDate: string };

/** Days with no coverage between two periods. */
export interface CoverageGap {
  readonly from: string;
  readonly to: string;
}

/** Applies changes to a timeline in memory (the same rules the repository applies in SQL). */
export const applyChanges = (
  periods: readonly CoveragePeriod[],
  changes: readonly CoverageChange[],
): CoveragePeriod[] =>
  changes.reduce<CoveragePeriod[]>(
    (acc, change) =>
      change.op === 'insert'
        ? [...acc, change.period]
        : acc.map((p) => (p.id === change.periodId ? { ...p, endDate: change.endDate } : p)),
    [...periods],
  );

const salaryOf = (periods: readonly CoveragePeriod[], placementId: string) =>
  periods.find((p) => p.kind === 'article60_salary' && p.placementId === placementId);

/**
 * A placement starts: the RI is suspended from the contract start (paid up to the day
 * before) and the salary covers the days from the start. Idempotent per placement, and
 * commutative with {@link reopenIncomeAfterTrial}: whichever event arrives first, the
 * timeline ends the same.
 */
export const suspendIncomeForPlacement = (
  periods: readonly CoveragePeriod[],
  placement: { readonly placementId: string; readonly startDate: string },
  newId: () => string,
): CoverageChange[] => {
  if (salaryOf(periods, placement.placementId)) return [];
  const dayBefore = addDays(placement.startDate, -1);
  const ended: CoverageChange[] = periods
    .filter(
      (p) =>
        p.kind === 'integration_income' &&
        p.startDate < placement.startDate &&
        (p.endDate === null || p.endDate > dayBefore),
    )
    .map((p) => ({ op: 'end', periodId: p.id, endDate: dayBefore }));
  return [
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
  ];
};

/** What the trial end tells the timeline. */
export interface TrialEnd {
  readonly placementId: string;
  readonly placementStartDate: string;
  readonly lastWorkedDay: string;
}

/**
 * A trial ended (not conclusive or early): the salary ends on the last worked day and the RI
 * reopens, provisionally, the very next day, so the person has no uncovered day (seed 004
 * §4.4: the committee decides the contract end and, in parallel, the RI reopening). The RI
 * category is the one the person had before the placement, if known.
 */
export const reopenIncomeAfterTrial = (
  periods: readonly CoveragePeriod[],
  trialEnd: TrialEnd,
  newId: () => string,
): { readonly changes: CoverageChange[]; readonly reopened: CoveragePeriod } => {
  const started = suspendIncomeForPlacement(
    periods,
    { placementId: trialEnd.placementId, startDate: trialEnd.placementStartDate },
    newId,
  );
  const timeline = applyChanges(periods, started);
  const salary = salaryOf(timeline, trialEnd.placementId);
  const changes = [...started];
  if (salary && (salary.endDate === null || salary.endDate > trialEnd.lastWorkedDay)) {
    changes.push({ op: 'end', periodId: salary.id, endDate: trialEnd.lastWorkedDay });
  }
  const previousIncome = timeline
    .filter((p) => p.kind === 'integration_income' && p.startDate < trialEnd.placementStartDate)
    .sort((a, b) => b.startDate.localeCompare(a.startDate))[0];
  const reopened: CoveragePeriod = {
    id: newId(),
    kind: 'integration_income',
    startDate: addDays(trialEnd.lastWorkedDay, 1),
    endDate: null,
    placementId: null,
    status: 'provisional',
    category: previousIncome?.category ?? null,
  };
  changes.push({ op: 'insert', period: reopened });
  return { changes, reopened };
};

/**
 * Uncovered days between the end of one period and the start of the next. The invariant is
 * that this is empty unless a recorded decision says otherwise.
 */
export const findGaps = (periods: readonly CoveragePeriod[]): CoverageGap[] => {
  const sorted = [...periods].sort((a, b) => a.startDate.localeCompare(b.startDate));
  const gaps: CoverageGap[] = [];
  let coveredThrough: string | null | undefined;
  for (const p of sorted) {
    if (coveredThrough === null) break;
    if (coveredThrough !== undefined && p.startDate > addDays(coveredThrough, 1)) {
      gaps.push({ from: addDays(coveredThrough, 1), to: addDays(p.startDate, -1) });
    }
    coveredThrough =
      p.endDate === null
        ? null
        : coveredThrough === undefined || p.endDate > coveredThrough
          ? p.endDate
          : coveredThrough;
  }
  return gaps;
};
