import { OUTCOME_DETAIL_CODES } from '@relais/contracts';
import { DomainError } from '@relais/service-kit/errors';
import { addDays } from './days.ts';

/** Months after the placement's end at which the person's situation is looked at. */
export const MILESTONES = [3, 6, 12] as const;
/** A milestone: 3, 6 or 12 months after the last worked day. */
export type Milestone = (typeof MILESTONES)[number];

/** Why the placement ended (as PlacementEnded says it). */
export type EndReason = 'completed' | 'ended_early' | 'trial_not_conclusive' | 'trial_ended_early';

/** The person's situation at a check (see `outcomeSituation` in the contracts). */
export type Situation =
  'employed' | 'unemployment_benefits' | 'training' | 'integration_income' | 'other' | 'unknown';

/** Why a recorded outcome is corrected. */
export type CorrectionReason = 'data_entry_error' | 'late_information' | 'situation_misread';

/**
 * Working defaults to confirm with the field (not legal durations): a situation may be recorded
 * from two weeks before its due day (the person is often seen a little early), and a check not
 * recorded a month after its due day is overdue.
 */
export const EARLY_RECORDING_DAYS = 14;
/** Days after the due day when an unrecorded check becomes overdue. */
export const OVERDUE_AFTER_DAYS = 30;

/** The staff who follow the person after the placement and record what became of them. */
export const OUTCOME_RECORDER_ROLES: readonly string[] = ['placement_officer', 'social_worker'];

/** A stored check, as the decider needs it. */
export interface OutcomeCheck {
  readonly id: string;
  readonly monthsAfterEnd: Milestone;
  readonly lastWorkedDay: string;
  readonly dueOn: string;
  readonly status: 'scheduled' | 'due' | 'recorded';
  readonly currentOutcomeId: string | null;
}

/** What the recorder says about the person's situation. */
export interface SituationReport {
  readonly situation: Situation;
  readonly detailCode: string | null;
  readonly observedOn: string;
}

/** A record of a situation, first or correction. */
export interface OutcomeRecord extends SituationReport {
  readonly id: string;
  readonly checkId: string;
  readonly correctsOutcomeId: string | null;
  readonly correctionReason: CorrectionReason | null;
}

/** Where a check stands on a day: overdue is derived, never stored. */
export type CheckStanding = 'scheduled' | 'due' | 'overdue' | 'recorded';

/**
 * Adds calendar months to a Belgian calendar day; a day the target month lacks becomes its last
 * day (31 August + 6 months is 28 or 29 February), as a person would count "six months later".
 */
export const addMonths = (isoDate: string, months: number): string => {
  const [year = 0, month = 1, day = 1] = isoDate.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)));
  return target.toISOString().slice(0, 10);
};

/** The three checks of an ended placement: its last worked day plus 3, 6 and 12 months. */
export const planOutcomeChecks = (
  lastWorkedDay: string,
  newId: () => string,
): { readonly id: string; readonly monthsAfterEnd: Milestone; readonly dueOn: string }[] =>
  MILESTONES.map((months) => ({
    id: newId(),
    monthsAfterEnd: months,
    dueOn: addMonths(lastWorkedDay, months),
  }));

/** Where a check stands on `today`. */
export const standingOf = (check: Pick<OutcomeCheck, 'status' | 'dueOn'>, today: string): CheckStanding => {
  if (check.status === 'recorded') return 'recorded';
  if (check.dueOn > today) return 'scheduled';
  return addDays(check.dueOn, OVERDUE_AFTER_DAYS) < today ? 'overdue' : 'due';
};

/** Whether a scheduled check has come due on `today` (the job announces it once). */
export const fallsDue = (check: Pick<OutcomeCheck, 'status' | 'dueOn'>, today: string): boolean =>
  check.status === 'scheduled' && check.dueOn <= today;

const checkReport = (check: OutcomeCheck, report: SituationReport, today: string): void => {
  const allowed: readonly string[] = OUTCOME_DETAIL_CODES[report.situation];
  if (report.detailCode !== null && !allowed.includes(report.detailCode))
    throw new DomainError(
      'DETAIL_CODE_NOT_FOR_SITUATION',
      'invalid',
      `detail ${report.detailCode} does not describe the situation ${report.situation}`,
      'detailCode',
    );
  if (report.observedOn > today)
    throw new DomainError('OBSERVED_IN_FUTURE', 'invalid', 'a situation is observed by today', 'observedOn');
  const earliest = addDays(check.dueOn, -EARLY_RECORDING_DAYS);
  if (report.observedOn < earliest)
    throw new DomainError(
      'OBSERVED_TOO_EARLY',
      'invalid',
      `the ${String(check.monthsAfterEnd)}-month situation is observed from ${earliest}`,
      'observedOn',
    );
};

const checkRole = (role: string): void => {
  if (!OUTCOME_RECORDER_ROLES.includes(role))
    throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', `a ${role} cannot record outcomes`);
};

/** Records the situation at a check that has none yet. */
export const recordOutcome = (
  check: OutcomeCheck,
  command: {
    readonly id: string;
    readonly role: string;
    readonly report: SituationReport;
    readonly today: string;
  },
): OutcomeRecord => {
  checkRole(command.role);
  if (check.status === 'recorded')
    throw new DomainError(
      'OUTCOME_ALREADY_RECORDED',
      'conflict',
      `check ${check.id} has an outcome: correct it instead`,
    );
  checkReport(check, command.report, command.today);
  return {
    id: command.id,
    checkId: check.id,
    ...command.report,
    correctsOutcomeId: null,
    correctionReason: null,
  };
};

/** Corrects the current record of a check: a new record linked to it, the old one kept. */
export const correctOutcome = (
  check: OutcomeCheck,
  current: OutcomeRecord | null,
  command: {
    readonly id: string;
    readonly role: string;
    readonly report: SituationReport;
    readonly reason: CorrectionReason;
    readonly today: string;
  },
): OutcomeRecord => {
  checkRole(command.role);
  if (check.status !== 'recorded' || !current)
    throw new DomainError('OUTCOME_NOT_RECORDED', 'conflict', `check ${check.id} has no outcome to correct`);
  checkReport(check, command.report, command.today);
  const { situation, detailCode, observedOn } = command.report;
  if (
    situation === current.situation &&
    detailCode === current.detailCode &&
    observedOn === current.observedOn
  )
    throw new DomainError('NOTHING_TO_CORRECT', 'invalid', 'the correction changes nothing', 'situation');
  return {
    id: command.id,
    checkId: check.id,
    ...command.report,
    correctsOutcomeId: current.id,
    correctionReason: command.reason,
  };
};
