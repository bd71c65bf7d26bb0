import { DomainError } from '@relais/service-kit/errors';
import { addDays, dayNumber } from './days.ts';
import { computeEngagementEnd, type EngagementRule } from './engagement-rules.ts';

const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** A proposal to engage the chosen candidate, put to the committee. */
export interface EngagementProposal {
  readonly id: string;
  readonly tenantId: string;
  readonly shortlistId: string;
  readonly positionId: string;
  readonly candidateId: string;
  readonly hostEmployerId: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly weeklyHours: number;
  readonly payScale: string;
  readonly hostDeadline: string | null;
  readonly status: 'awaiting_committee' | 'approved' | 'refused' | 'withdrawn';
  readonly committeeDecisionId: string | null;
  readonly decidedOn: string | null;
  readonly createdBy: string;
}

/** The officer's proposal, after the host chose. */
export interface ProposeEngagement {
  readonly id: string;
  readonly tenantId: string;
  readonly shortlistId: string;
  readonly positionId: string;
  readonly candidateId: string;
  readonly hostEmployerId: string;
  readonly hostDeadline: string | null;
  readonly daysNeededForRights: number;
  readonly startDate: string;
  readonly weeklyHours: number;
  readonly payScale: string;
  readonly createdBy: string;
}

/**
 * Drafts the proposal: the end date follows from the days the person still needs to open
 * unemployment rights, under the rule in force on the start date. It cannot start in the past.
 */
export const proposeEngagement = (
  command: ProposeEngagement,
  rule: EngagementRule,
  today: string,
): EngagementProposal => {
  if (command.startDate < today) {
    throw new DomainError(
      'START_IN_PAST',
      'invalid',
      `the contract cannot start on ${command.startDate}, before today`,
      'startDate',
    );
  }
  const { endDate } = computeEngagementEnd(
    {
      startDate: command.startDate,
      daysNeeded: command.daysNeededForRights,
      weeklyHours: command.weeklyHours,
    },
    rule,
  );
  const { daysNeededForRights: _days, ...rest } = command;
  return { ...rest, endDate, status: 'awaiting_committee', committeeDecisionId: null, decidedOn: null };
};

/** How a proposal stands against the host's deadline (DOMAIN.md story 3: the job lost to delays). */
export interface DeadlineStatus {
  readonly hostDeadline: string | null;
  readonly daysLeft: number | null;
  readonly atRisk: boolean;
  readonly reason: 'start_after_deadline' | 'deadline_near' | 'deadline_passed' | null;
}

/** Flags a proposal still awaiting the committee whose deadline is near, passed or after the start. */
export const deadlineStatus = (
  proposal: EngagementProposal,
  today: string,
  riskDays: number,
): DeadlineStatus => {
  const { hostDeadline } = proposal;
  if (hostDeadline === null) return { hostDeadline, daysLeft: null, atRisk: false, reason: null };
  const daysLeft = daysBetween(today, hostDeadline);
  if (proposal.status !== 'awaiting_committee')
    return { hostDeadline, daysLeft, atRisk: false, reason: null };
  if (daysLeft < 0) return { hostDeadline, daysLeft, atRisk: true, reason: 'deadline_passed' };
  if (proposal.startDate > hostDeadline)
    return { hostDeadline, daysLeft, atRisk: true, reason: 'start_after_deadline' };
  if (daysLeft <= riskDays) return { hostDeadline, daysLeft, atRisk: true, reason: 'deadline_near' };
  return { hostDeadline, daysLeft, atRisk: false, reason: null };
};

/** The committee's decision on a proposal. */
export interface EngagementDecision {
  readonly decisionId: string;
  readonly outcome: 'approved' | 'refused' | 'amended';
  readonly decidedOn: string;
  readonly amendments: Readonly<Record<string, string | number | boolean>> | null;
}

/**
 * Applies the committee's decision. An amendment may move the start date or the weekly hours;
 * the end date is then computed again. A decided proposal ignores a second decision.
 */
export const decideEngagement = (
  proposal: EngagementProposal,
  decision: EngagementDecision,
  rule: EngagementRule,
  daysNeededForRights: number,
): EngagementProposal | undefined => {
  if (proposal.status !== 'awaiting_committee') return undefined;
  const decided = { committeeDecisionId: decision.decisionId, decidedOn: decision.decidedOn };
  if (decision.outcome === 'refused') return { ...proposal, ...decided, status: 'refused' };
  const startDate =
    typeof decision.amendments?.startDate === 'string' ? decision.amendments.startDate : proposal.startDate;
  const weeklyHours =
    typeof decision.amendments?.weeklyHours === 'number'
      ? decision.amendments.weeklyHours
      : proposal.weeklyHours;
  const { endDate } = computeEngagementEnd({ startDate, daysNeeded: daysNeededForRights, weeklyHours }, rule);
  // A committee approving after the planned start: the contract starts the day after the decision.
  const effectiveStart = startDate >= decision.decidedOn ? startDate : addDays(decision.decidedOn, 1);
  const shifted =
    effectiveStart === startDate ? endDate : addDays(endDate, daysBetween(startDate, effectiveStart));
  return {
    ...proposal,
    ...decided,
    status: 'approved',
    startDate: effectiveStart,
    endDate: shifted,
    weeklyHours,
  };
};
