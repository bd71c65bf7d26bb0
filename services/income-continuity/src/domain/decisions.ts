import { DomainError } from '@relais/service-kit/errors';
import type { CoverageChange, CoveragePeriod, IncomeCategory, UncoveredDecision } from './coverage.ts';
import { addDays } from './days.ts';

/** The committee's decision on a reopening, as the domain reads it. */
export interface ReopeningDecision {
  readonly decisionId: string;
  readonly outcome: 'approved' | 'refused' | 'amended';
  readonly reasonCode: string | null;
  /** For `amended`: another effective date and/or another category. */
  readonly effectiveFrom: string | null;
  readonly category: IncomeCategory | null;
}

/** A reopening awaiting (or past) the committee. */
export interface ReopeningState {
  readonly id: string;
  readonly periodId: string;
  readonly lastWorkedDay: string;
  readonly decided: boolean;
}

/** What a decision does to the timeline. */
export interface DecisionOutcome {
  readonly changes: CoverageChange[];
  /** Set when the decision leaves days uncovered, and so makes that gap legitimate. */
  readonly uncovered: Omit<UncoveredDecision, 'decisionId'> | null;
  readonly period: CoveragePeriod;
}

const CATEGORIES: readonly string[] = ['cohabitant', 'single', 'with_dependants'];

/** Reads the committee's amendments (`{ effectiveFrom?, category? }`) strictly: nothing else is understood. */
export const readAmendments = (
  amendments: Readonly<Record<string, string | number | boolean>> | null,
): { effectiveFrom: string | null; category: IncomeCategory | null } => {
  const { effectiveFrom = null, category = null, ...rest } = amendments ?? {};
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new DomainError(
      'AMENDMENT_NOT_SUPPORTED',
      'invalid',
      `cannot amend ${unknown.join(', ')}`,
      'amendments',
    );
  if (
    effectiveFrom !== null &&
    (typeof effectiveFrom !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom))
  )
    throw new DomainError(
      'AMENDMENT_INVALID',
      'invalid',
      'effectiveFrom must be a date',
      'amendments.effectiveFrom',
    );
  if (category !== null && (typeof category !== 'string' || !CATEGORIES.includes(category)))
    throw new DomainError(
      'AMENDMENT_INVALID',
      'invalid',
      `unknown category ${String(category)}`,
      'amendments.category',
    );
  return { effectiveFrom, category: category as IncomeCategory | null };
};

/**
 * The committee confirms, amends (a later effective date, another category) or refuses a
 * provisional reopening. A refusal needs its reason and is the recorded decision that makes
 * the uncovered days legitimate; so is a later effective date for the days before it.
 * A reopening is decided once: a second, different decision is refused (parked for a human).
 */
export const decideReopening = (
  period: CoveragePeriod,
  reopening: ReopeningState,
  decision: ReopeningDecision,
): DecisionOutcome => {
  if (reopening.decided)
    throw new DomainError(
      'REOPENING_ALREADY_DECIDED',
      'conflict',
      `reopening ${reopening.id} was already decided`,
    );
  // Superseded by a contract starting that very day: nothing left to confirm, amend or refuse.
  if (period.status === 'withdrawn') return { changes: [], uncovered: null, period };
  switch (decision.outcome) {
    case 'approved': {
      const confirmed: CoveragePeriod = { ...period, status: 'active' };
      return {
        changes: [{ op: 'revise', fact: 'confirmed', period: confirmed }],
        uncovered: null,
        period: confirmed,
      };
    }
    case 'refused': {
      if (!decision.reasonCode)
        throw new DomainError(
          'REFUSAL_REASON_REQUIRED',
          'invalid',
          'a refusal needs its reason',
          'reasonCode',
        );
      const withdrawn: CoveragePeriod = { ...period, status: 'withdrawn' };
      return {
        changes: [{ op: 'revise', fact: 'withdrawn', period: withdrawn }],
        uncovered: { from: period.startDate, to: period.endDate },
        period: withdrawn,
      };
    }
    case 'amended':
      return amend(period, reopening, decision);
    default: {
      const unknown: never = decision.outcome;
      return unknown;
    }
  }
};

const amend = (
  period: CoveragePeriod,
  reopening: ReopeningState,
  decision: ReopeningDecision,
): DecisionOutcome => {
  if (decision.effectiveFrom === null && decision.category === null)
    throw new DomainError(
      'AMENDMENT_EMPTY',
      'invalid',
      'an amendment changes the date or the category',
      'amendments',
    );
  const startDate = decision.effectiveFrom ?? period.startDate;
  if (startDate <= reopening.lastWorkedDay)
    throw new DomainError(
      'AMENDMENT_BEFORE_SALARY_END',
      'invalid',
      `the RI cannot start before ${addDays(reopening.lastWorkedDay, 1)}: the salary covers ${reopening.lastWorkedDay}`,
      'amendments.effectiveFrom',
    );
  if (period.endDate !== null && startDate > period.endDate)
    throw new DomainError(
      'AMENDMENT_AFTER_PERIOD_END',
      'invalid',
      `the reopened period already ended on ${period.endDate}`,
      'amendments.effectiveFrom',
    );
  const amended: CoveragePeriod = {
    ...period,
    startDate,
    category: decision.category ?? period.category,
    status: 'active',
  };
  return {
    changes: [{ op: 'revise', fact: 'amended', period: amended }],
    uncovered: startDate > period.startDate ? { from: period.startDate, to: addDays(startDate, -1) } : null,
    period: amended,
  };
};
