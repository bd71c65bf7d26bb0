import { DomainError } from '@relais/service-kit/errors';
import type { Actor, Role } from './model.ts';
import type { TrialPlan, TrialSettings } from './schedule.ts';

/** Situation codes, never faults of the person (seed 004 §4.4: "l'essai non concluant n'est pas forcément un échec"). */
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

/** Why a recorded outcome is corrected: about the record, never about the person. */
export type CorrectionReason =
  | 'data_entry_error'
  | 'last_worked_day_confirmed_by_payroll'
  | 'new_information_from_host'
  | 'new_information_from_worker'
  | 'committee_decision';

/** How the placement ended, as the placement service announced it. */
export interface PlacementEnd {
  readonly lastWorkedDay: string;
  readonly reason: 'completed' | 'ended_early' | 'trial_not_conclusive' | 'trial_ended_early';
}

interface TrialBase {
  readonly id: string;
  readonly tenantId: string;
  readonly placementId: string;
  readonly personId: string;
  readonly startDate: string;
  readonly settingsId: string;
  readonly lengthDays: number;
  readonly plannedEndDate: string;
  /** Set once the placement ended (after the trial, or during it: then the trial is `closed`). */
  readonly placementEnd: PlacementEnd | null;
}

/** An end of trial: not conclusive or ended early, with its situation and who took the initiative. */
export interface EndedOutcome {
  readonly outcome: 'not_conclusive' | 'ended_early';
  readonly lastWorkedDay: string;
  readonly reasonCode: TrialEndReasonCode;
  readonly initiatedBy: Initiator;
  /** The officer's analysis of what happened, so nobody judges the person without knowing (seed 004 §4.4). */
  readonly officerAnalysis: string | null;
}

/**
 * A trial period: running, then passed or ended (final, never edited: a correction is a new
 * record), or closed when the placement itself ended before any outcome was recorded.
 */
export type TrialPeriod =
  | (TrialBase & { readonly status: 'running' })
  | (TrialBase & {
      readonly status: 'passed';
      readonly decidedOn: string;
      readonly officerAnalysis: string | null;
    })
  | (TrialBase & EndedOutcome & { readonly status: 'ended'; readonly decidedOn: string })
  | (TrialBase & { readonly status: 'closed'; readonly placementEnd: PlacementEnd });

export type TrialStatus = TrialPeriod['status'];

/** The officer's decision on a running trial. */
export type RecordOutcome =
  | { readonly outcome: 'conclusive'; readonly officerAnalysis?: string | null }
  | (Omit<EndedOutcome, 'officerAnalysis'> & { readonly officerAnalysis?: string | null });

/** What a decision produces. */
export type TrialDecided =
  | { readonly type: 'TrialPassed'; readonly trial: Extract<TrialPeriod, { status: 'passed' }> }
  | { readonly type: 'TrialEnded'; readonly trial: Extract<TrialPeriod, { status: 'ended' }> };

/** A command on a trial, the statuses it applies to and the roles that may make it. */
export interface TrialCommandRule {
  readonly from: readonly TrialStatus[];
  readonly roles: readonly Role[];
}

const OFFICER: readonly Role[] = ['placement_officer'];

/** Every command on a trial, whole. A status or role not listed is refused. */
export const TRIAL_COMMANDS = {
  /** running → passed | ended */
  recordOutcome: { from: ['running'], roles: OFFICER },
  /** ended → ended, with a new linked outcome record (the officer who decided corrects it) */
  correctOutcome: { from: ['ended'], roles: OFFICER },
  /** running → running: a check-in's voices, difficulties and support actions */
  recordCheckIn: { from: ['running'], roles: OFFICER },
  /** running → running: a signed link for the host tutor's view */
  issueTutorLink: { from: ['running'], roles: OFFICER },
  /** running → closed; passed | ended → same status, with the placement's end recorded */
  recordPlacementEnd: { from: ['running', 'passed', 'ended'], roles: ['system'] },
} as const satisfies Record<string, TrialCommandRule>;

/** The roles allowed to record a trial outcome. */
export const RECORD_OUTCOME_ROLES = TRIAL_COMMANDS.recordOutcome.roles;

/**
 * Checks a command against {@link TRIAL_COMMANDS}: TRIAL_ALREADY_DECIDED / TRIAL_NOT_RUNNING /
 * TRIAL_NOT_ENDED (conflict) for the status, ROLE_NOT_ALLOWED (forbidden) for the actor.
 */
export const assertAllowed = (command: keyof typeof TRIAL_COMMANDS, trial: TrialPeriod, by: Actor): void => {
  const rule: TrialCommandRule = TRIAL_COMMANDS[command];
  if (!rule.from.includes(trial.status)) {
    const code =
      command === 'recordOutcome' && trial.status !== 'closed'
        ? 'TRIAL_ALREADY_DECIDED'
        : command === 'correctOutcome'
          ? 'TRIAL_NOT_ENDED'
          : 'TRIAL_NOT_RUNNING';
    throw new DomainError(code, 'conflict', `trial period ${trial.id} is already ${trial.status}`);
  }
  if (!rule.roles.includes(by.role)) {
    throw new DomainError(
      'ROLE_NOT_ALLOWED',
      'forbidden',
      `a ${by.role} cannot ${command} on a trial period`,
    );
  }
};

/** Reason codes that only make sense with one initiator (a resignation is the worker's, a closure the host's). */
const REASON_INITIATOR: Partial<Record<TrialEndReasonCode, Initiator>> = {
  resignation: 'worker',
  host_closure: 'host',
};

const checkEnd = (trial: TrialPeriod, end: Omit<EndedOutcome, 'officerAnalysis'>): void => {
  if (end.lastWorkedDay < trial.startDate) {
    throw new DomainError(
      'LAST_WORKED_DAY_BEFORE_START',
      'invalid',
      `the last worked day ${end.lastWorkedDay} is before the placement start ${trial.startDate}`,
      'lastWorkedDay',
    );
  }
  const expected = REASON_INITIATOR[end.reasonCode];
  if (expected && expected !== end.initiatedBy) {
    throw new DomainError(
      'INITIATOR_NOT_MATCHING_REASON',
      'invalid',
      `a ${end.reasonCode} is initiated by the ${expected}, not the ${end.initiatedBy}`,
      'initiatedBy',
    );
  }
};

/** Opens the trial period at the start of a placement, planned from the settings in force. */
export const openTrial = (
  placement: Pick<TrialBase, 'tenantId' | 'placementId' | 'personId' | 'startDate'>,
  id: string,
  settings: Pick<TrialSettings, 'id' | 'lengthDays'>,
  plan: TrialPlan,
): TrialPeriod => ({
  ...placement,
  id,
  settingsId: settings.id,
  lengthDays: settings.lengthDays,
  plannedEndDate: plan.plannedEndDate,
  placementEnd: null,
  status: 'running',
});

/**
 * Records the outcome of a running trial. An outcome is final: a decided trial refuses a
 * second one (a correction is a later, linked record). The last worked day cannot precede
 * the first day of the placement.
 */
export const recordOutcome = (
  trial: TrialPeriod,
  command: RecordOutcome,
  today: string,
  by: Actor,
): TrialDecided => {
  assertAllowed('recordOutcome', trial, by);
  if (trial.status !== 'running') throw new Error('unreachable: checked by assertAllowed');
  const officerAnalysis = command.officerAnalysis ?? null;
  if (command.outcome === 'conclusive') {
    return { type: 'TrialPassed', trial: { ...trial, status: 'passed', decidedOn: today, officerAnalysis } };
  }
  checkEnd(trial, command);
  return {
    type: 'TrialEnded',
    trial: {
      ...trial,
      status: 'ended',
      outcome: command.outcome,
      lastWorkedDay: command.lastWorkedDay,
      reasonCode: command.reasonCode,
      initiatedBy: command.initiatedBy,
      officerAnalysis,
      decidedOn: today,
    },
  };
};

/** A correction of an ended trial's outcome. */
export interface CorrectOutcome extends EndedOutcome {
  readonly correctionReason: CorrectionReason;
  readonly explanation: string;
}

/**
 * Corrects the end of an ended trial: `current` is the outcome in force (the decision or the
 * latest correction). Returns the corrected outcome; the caller stores it as a new record.
 * Refused when nothing changes (NOTHING_TO_CORRECT): a correction is a fact, not a resave.
 */
export const correctOutcome = (
  trial: TrialPeriod,
  current: EndedOutcome,
  command: CorrectOutcome,
  by: Actor,
): EndedOutcome => {
  assertAllowed('correctOutcome', trial, by);
  checkEnd(trial, command);
  const corrected: EndedOutcome = {
    outcome: command.outcome,
    lastWorkedDay: command.lastWorkedDay,
    reasonCode: command.reasonCode,
    initiatedBy: command.initiatedBy,
    officerAnalysis: command.officerAnalysis,
  };
  const same = (Object.keys(corrected) as (keyof EndedOutcome)[]).every((k) => corrected[k] === current[k]);
  if (same) throw new DomainError('NOTHING_TO_CORRECT', 'invalid', 'the correction changes nothing');
  return corrected;
};

/**
 * The placement ended (PlacementEnded). A running trial closes without an outcome of its own
 * (the contract's end was decided elsewhere: the committee); a decided trial keeps its outcome
 * and records the end. Returns undefined when the end is already known (the same fact again).
 */
export const recordPlacementEnd = (trial: TrialPeriod, end: PlacementEnd): TrialPeriod | undefined => {
  if (trial.placementEnd) return undefined;
  assertAllowed('recordPlacementEnd', trial, { id: 'system', role: 'system' });
  switch (trial.status) {
    case 'running':
      return { ...trial, status: 'closed', placementEnd: end };
    case 'passed':
    case 'ended':
      return { ...trial, placementEnd: end };
    case 'closed':
      return undefined;
    default:
      return trial satisfies never;
  }
};
