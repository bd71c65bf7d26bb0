import { DomainError } from '@relais/service-kit/errors';
import {
  covering,
  endOpenPeriodsBefore,
  type CoverageChange,
  type CoveragePeriod,
  type IncomeCategory,
} from './coverage.ts';
import { addDays } from './days.ts';

/**
 * The social service registers the RI a person currently receives (from `startDate`, in a
 * category). An open RI ends the day before (a category change is a new period); a running
 * article 60 salary cannot be overlapped, nor can history be rewritten before a known period.
 */
export const registerIncome = (
  periods: readonly CoveragePeriod[],
  income: { readonly startDate: string; readonly category: IncomeCategory },
  newId: () => string,
): { readonly changes: CoverageChange[]; readonly period: CoveragePeriod } => {
  const live = covering(periods);
  const salary = live.find(
    (p) => p.kind === 'article60_salary' && (p.endDate === null || p.endDate >= income.startDate),
  );
  if (salary)
    throw new DomainError(
      'PERSON_IN_PLACEMENT',
      'conflict',
      `the article 60 salary covers ${income.startDate}: the RI is suspended during the placement`,
      'startDate',
    );
  const later = live.find((p) => p.startDate >= income.startDate);
  if (later)
    throw new DomainError(
      'COVERAGE_ALREADY_RECORDED',
      'conflict',
      `a ${later.kind} period already starts on ${later.startDate}`,
      'startDate',
    );
  const period: CoveragePeriod = {
    id: newId(),
    kind: 'integration_income',
    startDate: income.startDate,
    endDate: null,
    placementId: null,
    status: 'active',
    category: income.category,
  };
  return { changes: [...endOpenPeriodsBefore(periods, income.startDate), { op: 'insert', period }], period };
};

/** An open bridge: the RI advanced after a completed contract. */
export interface OpenBridge {
  readonly id: string;
  readonly periodId: string;
  readonly startedOn: string;
}

/**
 * The first unemployment payment is confirmed: benefits cover the person from `benefitsFrom`
 * and the bridging RI ends the day before, so the transition leaves no uncovered day.
 */
export const confirmUnemployment = (
  periods: readonly CoveragePeriod[],
  bridge: OpenBridge | null,
  confirmation: { readonly benefitsFrom: string },
  newId: () => string,
): { readonly changes: CoverageChange[]; readonly period: CoveragePeriod } => {
  if (!bridge) throw new DomainError('NO_OPEN_BRIDGE', 'conflict', 'the person has no bridging RI to close');
  if (confirmation.benefitsFrom <= bridge.startedOn)
    throw new DomainError(
      'BENEFITS_BEFORE_BRIDGE',
      'invalid',
      `benefits must start after the bridge's first day ${bridge.startedOn}`,
      'benefitsFrom',
    );
  const bridgePeriod = periods.find((p) => p.id === bridge.periodId);
  if (bridgePeriod?.endDate != null && bridgePeriod.endDate < addDays(confirmation.benefitsFrom, -1))
    throw new DomainError(
      'BRIDGE_ALREADY_ENDED',
      'conflict',
      `the bridge ended on ${bridgePeriod.endDate}`,
      'benefitsFrom',
    );
  const period: CoveragePeriod = {
    id: newId(),
    kind: 'unemployment_benefit',
    startDate: confirmation.benefitsFrom,
    endDate: null,
    placementId: null,
    status: 'active',
    category: null,
  };
  return {
    changes: [...endOpenPeriodsBefore(periods, confirmation.benefitsFrom), { op: 'insert', period }],
    period,
  };
};
