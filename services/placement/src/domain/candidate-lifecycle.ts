/**
 * A candidate's path through the placement service, as a declared table: each allowed move,
 * who may make it and for which reasons (controlled codes, stored in the status history and
 * translated in the UI). 'system' makes the moves that follow an event (a committee decision,
 * a contract start, a trial's end).
 *
 * An ended trial or contract takes the person back to `available` with nothing else recorded
 * against them: no penalty, no flag, and matching has no input for it (DOMAIN.md stories 1, 6).
 */
import { DomainError } from '@relais/service-kit/errors';
import type { Actor, CandidateStatus, Role } from './model.ts';

/** One allowed move. */
export interface CandidateTransition {
  readonly from: CandidateStatus;
  readonly to: CandidateStatus;
  readonly roles: readonly Role[];
  readonly reasons: readonly string[];
}

/** Statuses in which a person is still followed and can be paused (placed people are employed). */
const PAUSABLE = ['referred', 'in_preparation', 'available', 'shortlisted', 'proposed'] as const;
/** Every status but `exited`: a person can leave the service from anywhere. */
const NOT_EXITED = [...PAUSABLE, 'placed', 'paused'] as const;

const OFFICER: readonly Role[] = ['placement_officer'];
const OFFICER_OR_SYSTEM: readonly Role[] = ['placement_officer', 'system'];
const EXIT_REASONS = ['found_work_elsewhere', 'moved', 'left_isp'];

/** The candidate lifecycle, whole. A move not listed here is not allowed. */
export const CANDIDATE_TRANSITIONS: readonly CandidateTransition[] = [
  { from: 'referred', to: 'in_preparation', roles: OFFICER, reasons: ['intake_started'] },
  { from: 'in_preparation', to: 'available', roles: OFFICER, reasons: ['ready_for_matching'] },
  { from: 'available', to: 'in_preparation', roles: OFFICER, reasons: ['needs_more_preparation'] },
  { from: 'available', to: 'shortlisted', roles: OFFICER, reasons: ['presented_to_host'] },
  {
    from: 'shortlisted',
    to: 'available',
    roles: OFFICER_OR_SYSTEM,
    reasons: ['not_chosen_by_host', 'shortlist_cancelled', 'position_closed'],
  },
  { from: 'shortlisted', to: 'proposed', roles: OFFICER, reasons: ['chosen_by_host'] },
  {
    from: 'proposed',
    to: 'available',
    roles: OFFICER_OR_SYSTEM,
    reasons: ['committee_refused', 'proposal_withdrawn'],
  },
  { from: 'proposed', to: 'placed', roles: OFFICER_OR_SYSTEM, reasons: ['contract_started'] },
  {
    from: 'placed',
    to: 'available',
    roles: OFFICER_OR_SYSTEM,
    reasons: ['trial_not_conclusive', 'trial_ended_early', 'contract_ended_early', 'contract_completed'],
  },
  ...PAUSABLE.map((from): CandidateTransition => ({
    from,
    to: 'paused',
    roles: ['placement_officer', 'social_worker'],
    reasons: ['illness', 'training', 'personal'],
  })),
  { from: 'paused', to: 'in_preparation', roles: OFFICER, reasons: ['pause_ended'] },
  { from: 'paused', to: 'available', roles: OFFICER, reasons: ['pause_ended'] },
  ...NOT_EXITED.map((from): CandidateTransition => ({
    from,
    to: 'exited',
    roles:
      from === 'placed'
        ? ['placement_officer', 'social_worker', 'system']
        : ['placement_officer', 'social_worker'],
    reasons: from === 'placed' ? [...EXIT_REASONS, 'contract_completed'] : EXIT_REASONS,
  })),
];

const BY_MOVE = new Map(CANDIDATE_TRANSITIONS.map((t) => [`${t.from}>${t.to}`, t]));

/** A status change, as written to the candidate's history. */
export interface CandidateStatusChange {
  readonly from: CandidateStatus;
  readonly to: CandidateStatus;
  readonly reason: string;
  readonly actorId: string;
  readonly actorRole: Role;
  readonly at: string;
}

/**
 * Decides a status change: the move must be declared, the actor's role listed for it and the
 * reason one of its codes. Refusals: TRANSITION_NOT_ALLOWED (conflict), ROLE_NOT_ALLOWED (forbidden),
 * REASON_NOT_ALLOWED (invalid, on `reason`).
 */
export const transitionCandidate = (
  current: { readonly status: CandidateStatus },
  to: CandidateStatus,
  by: Actor,
  reason: string,
  at: string,
): CandidateStatusChange => {
  const from = current.status;
  const transition = BY_MOVE.get(`${from}>${to}`);
  if (!transition) {
    throw new DomainError(
      'TRANSITION_NOT_ALLOWED',
      'conflict',
      `a candidate cannot go from ${from} to ${to}`,
      'to',
    );
  }
  if (!transition.roles.includes(by.role)) {
    throw new DomainError(
      'ROLE_NOT_ALLOWED',
      'forbidden',
      `a ${by.role} cannot move a candidate from ${from} to ${to}`,
    );
  }
  if (!transition.reasons.includes(reason)) {
    throw new DomainError(
      'REASON_NOT_ALLOWED',
      'invalid',
      `reason ${reason} does not apply from ${from} to ${to} (one of: ${transition.reasons.join(', ')})`,
      'reason',
    );
  }
  return { from, to, reason, actorId: by.id, actorRole: by.role, at };
};
