import { addDays } from './days.ts';

/** What covers a person's day: the revenu d'intégration, the article 60 salary or unemployment benefits. */
export type PeriodKind = 'integration_income' | 'article60_salary' | 'unemployment_benefit';

/** The three RI categories (amounts differ by law and indexation; kept in configuration, not here). */
export type IncomeCategory = 'cohabitant' | 'single' | 'with_dependants';

/**
 * `provisional`: decided automatically, awaiting the committee; `bridging`: RI advanced until
 * the first unemployment payment; `withdrawn`: refused by the committee, kept for history,
 * covering nothing.
 */
export type PeriodStatus = 'active' | 'provisional' | 'bridging' | 'withdrawn';

/** One period of the coverage timeline; `endDate` null means open-ended. */
export interface CoveragePeriod {
  readonly id: string;
  readonly kind: PeriodKind;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly placementId: string | null;
  readonly status: PeriodStatus;
  readonly category: IncomeCategory | null;
}

/** How a period was revised: each revision is a new recorded fact. */
export type RevisionFact = 'confirmed' | 'amended' | 'withdrawn' | 'superseded';

/** A change to the timeline, applied by the repository in the handler's transaction. */
export type CoverageChange =
  | { readonly op: 'insert'; readonly period: CoveragePeriod }
  | { readonly op: 'end'; readonly periodId: string; readonly endDate: string }
  | { readonly op: 'revise'; readonly fact: RevisionFact; readonly period: CoveragePeriod };

/** Days with no coverage between two periods, or after the last one (`to` null). */
export interface CoverageGap {
  readonly from: string;
  readonly to: string | null;
}

/** A recorded decision that leaves days uncovered (a refused reopening, a later effective date). */
export interface UncoveredDecision {
  readonly decisionId: string;
  readonly from: string;
  readonly to: string | null;
}

/** A gap and the decision that makes it legitimate, if any (`null`: the invariant is broken). */
export interface ClassifiedGap extends CoverageGap {
  readonly justifiedBy: string | null;
}

/** Applies changes to a timeline in memory (the same rules the repository applies in SQL). */
export const applyChanges = (
  periods: readonly CoveragePeriod[],
  changes: readonly CoverageChange[],
): CoveragePeriod[] =>
  changes.reduce<CoveragePeriod[]>(
    (acc, change) => {
      switch (change.op) {
        case 'insert':
          return [...acc, change.period];
        case 'end':
          return acc.map((p) => (p.id === change.periodId ? { ...p, endDate: change.endDate } : p));
        case 'revise':
          return acc.map((p) => (p.id === change.period.id ? change.period : p));
        default: {
          const unknown: never = change;
          return unknown;
        }
      }
    },
    [...periods],
  );

/** Periods that cover days (a withdrawn reopening covers none). */
export const covering = (periods: readonly CoveragePeriod[]): CoveragePeriod[] =>
  periods.filter((p) => p.status !== 'withdrawn');

/**
 * Makes way for a period starting on `day`: covering periods that started before end the day
 * before; an open period not yet begun on `day` (a reopening dated the very day a new contract
 * starts) is superseded — withdrawn, having paid nothing — so no two periods cover one day.
 */
export const endOpenPeriodsBefore = (periods: readonly CoveragePeriod[], day: string): CoverageChange[] => {
  const dayBefore = addDays(day, -1);
  const live = covering(periods);
  const ended: CoverageChange[] = live
    .filter((p) => p.startDate < day && (p.endDate === null || p.endDate > dayBefore))
    .map((p) => ({ op: 'end', periodId: p.id, endDate: dayBefore }));
  const superseded: CoverageChange[] = live
    .filter((p) => p.startDate >= day && p.endDate === null && p.kind !== 'article60_salary')
    .map((p) => ({ op: 'revise', fact: 'superseded', period: { ...p, status: 'withdrawn' } }));
  return [...ended, ...superseded];
};

/** The latest RI category known for the person before `day`, if any. */
export const categoryBefore = (periods: readonly CoveragePeriod[], day: string): IncomeCategory | null => {
  const incomes = periods
    .filter((p) => p.kind === 'integration_income' && p.startDate < day && p.category !== null)
    .sort(
      (a, b) =>
        Number(b.status !== 'withdrawn') - Number(a.status !== 'withdrawn') ||
        b.startDate.localeCompare(a.startDate),
    );
  return incomes[0]?.category ?? null;
};

/**
 * Uncovered days between the end of one period and the start of the next, and after the last
 * one when it has ended. The invariant: every gap is justified by a recorded decision.
 */
export const findGaps = (periods: readonly CoveragePeriod[]): CoverageGap[] => {
  const sorted = covering(periods).sort((a, b) => a.startDate.localeCompare(b.startDate));
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
  if (typeof coveredThrough === 'string') gaps.push({ from: addDays(coveredThrough, 1), to: null });
  return gaps;
};

/** Each gap with the recorded decision that covers it whole, or `null`. */
export const classifyGaps = (
  gaps: readonly CoverageGap[],
  decisions: readonly UncoveredDecision[],
): ClassifiedGap[] =>
  gaps.map((gap) => ({
    ...gap,
    justifiedBy:
      decisions.find((d) => d.from <= gap.from && (d.to === null || (gap.to !== null && d.to >= gap.to)))
        ?.decisionId ?? null,
  }));

/** The gaps no recorded decision justifies: must always be empty. */
export const unjustifiedGaps = (
  periods: readonly CoveragePeriod[],
  decisions: readonly UncoveredDecision[],
): ClassifiedGap[] => classifyGaps(findGaps(periods), decisions).filter((g) => g.justifiedBy === null);
