import { DomainError } from '@relais/service-kit/errors';

/** The roles allowed to record a trial outcome (enforced once sign-in exists, issue 7). */
export const RECORD_OUTCOME_ROLES = ['placement_officer'] as const;

/** Situation codes, never faults of the person (seed 004 §4.4). */
export type TrialEndReasonCode =
  | 'tasks_not_matching_skills'
  | 'host_needs_changed'
  | 'health'
  | 'childcare'
  | 'transport'
  | 'language_support_needed'
  | 'working_relations'
  | 'host_closure'
  | 'resignation'
  | 'other';

export type Initiator = 'host' | 'worker' | 'cpas';

interface TrialBase {
  readonly id: string;
  readonly tenantId: string;
  readonly placementId: string;
  readonly personId: string;
  readonly startDate: string;
}

/** A trial period: running, then passed or ended, never edited afterwards. */
export type TrialPeriod =
  | (TrialBase & { readonly status: 'running' })
  | (TrialBase & { readonly status: 'passed'; readonly decidedOn: string })
  | (TrialBase & {
      readonly status: 'ended';
      readonly outcome: 'not_conclusive' | 'ended_early';
      readonly lastWorkedDay: string;
      readonly reasonCode: TrialEndReasonCode;
      readonly initiatedBy: Initiator;
      readonly decidedOn: string;
    });

/** The officer's decision on a running trial. */
export type RecordOutcome =
  | { readonly outcome: 'conclusive' }
  | {
      readonly outcome: 'not_conclusive' | 'ended_early';
      readonly lastWorkedDay: string;
      readonly reasonCode: TrialEndReasonCode;
      readonly initiatedBy: Initiator;
    };

/** What a decision produces. */
export type TrialDecided =
  | { readonly type: 'TrialPassed'; readonly trial: Extract<TrialPeriod, { status: 'passed' }> }
  | { readonly type: 'TrialEnded'; readonly trial: Extract<TrialPeriod, { status: 'ended' }> };

/** Opens the trial period at the start of a placement. */
export const openTrial = (placement: Omit<TrialBase, 'id'>, id: string): TrialPeriod => ({
  ...placement,
  id,
  status: 'running',
});

/**
 * Records the outcome of a running trial. An outcome is final: a decided trial refuses a
 * second one (a correction is a later, linked record). The last worked day cannot precede
 * the first day of the placement.
 */
export const recordOutcome = (trial: TrialPeriod, command: RecordOutcome, today: string): TrialDecided => {
  switch (trial.status) {
    case 'running':
      break;
    case 'passed':
    case 'ended':
      throw new DomainError(
        'TRIAL_ALREADY_DECIDED',
        'conflict',
        `trial period ${trial.id} is already ${trial.status}`,
      );
    default:
      return trial satisfies never;
  }
  if (command.outcome === 'conclusive') {
    return { type: 'TrialPassed', trial: { ...trial, status: 'passed', decidedOn: today } };
  }
  if (command.lastWorkedDay < trial.startDate) {
    throw new DomainError(
      'LAST_WORKED_DAY_BEFORE_START',
      'invalid',
      `the last worked day ${command.lastWorkedDay} is before the placement start ${trial.startDate}`,
      'lastWorkedDay',
    );
  }
  return {
    type: 'TrialEnded',
    trial: {
      ...trial,
      status: 'ended',
      outcome: command.outcome,
      lastWorkedDay: command.lastWorkedDay,
      reasonCode: command.reasonCode,
      initiatedBy: command.initiatedBy,
      decidedOn: today,
    },
  };
};
