import { DomainError } from '@relais/service-kit/errors';
import type { EngagementProposal } from './engagement.ts';

interface PlacementBase {
  readonly id: string;
  readonly tenantId: string;
  readonly personId: string;
  readonly hostEmployerId: string;
  readonly positionId: string;
  readonly proposalId: string;
  readonly startDate: string;
  readonly plannedEndDate: string;
  readonly weeklyHours: number;
  readonly payScale: string;
}

/** Why a placement ended; none of them counts against the person. */
export type EndReason = 'completed' | 'ended_early' | 'trial_not_conclusive' | 'trial_ended_early';

/** An article 60 §7 contract: scheduled once the committee approved it, started on its first day, then ended. */
export type Placement =
  | (PlacementBase & { readonly status: 'scheduled' })
  | (PlacementBase & { readonly status: 'started' })
  | (PlacementBase & { readonly status: 'ended'; readonly endDate: string; readonly endReason: EndReason });

/** The committee approved the proposal: the contract is scheduled for its start date. */
export const scheduleContract = (proposal: EngagementProposal, id: string): Placement => {
  if (proposal.status !== 'approved') {
    throw new DomainError(
      'PROPOSAL_NOT_APPROVED',
      'conflict',
      `proposal ${proposal.id} is ${proposal.status}`,
    );
  }
  return {
    id,
    tenantId: proposal.tenantId,
    personId: proposal.candidateId,
    hostEmployerId: proposal.hostEmployerId,
    positionId: proposal.positionId,
    proposalId: proposal.id,
    startDate: proposal.startDate,
    plannedEndDate: proposal.endDate,
    weeklyHours: proposal.weeklyHours,
    payScale: proposal.payScale,
    status: 'scheduled',
  };
};

/** Starts a scheduled contract on (or after) its first day; anything else changes nothing. */
export const startContract = (placement: Placement, today: string): Placement | undefined =>
  placement.status === 'scheduled' && placement.startDate <= today
    ? { ...placement, status: 'started' }
    : undefined;

/**
 * Ends a started placement on its last worked day. Ending an ended placement changes nothing
 * (the same fact delivered again); a contract that never started cannot end early.
 */
export const endPlacement = (
  placement: Placement,
  end: { readonly lastWorkedDay: string; readonly reason: EndReason },
): Placement | undefined => {
  switch (placement.status) {
    case 'ended':
      return undefined;
    case 'scheduled':
      throw new DomainError('PLACEMENT_NOT_STARTED', 'conflict', `placement ${placement.id} has not started`);
    case 'started':
      if (end.lastWorkedDay < placement.startDate) {
        throw new DomainError(
          'END_BEFORE_START',
          'invalid',
          `the last worked day ${end.lastWorkedDay} is before the start`,
          'lastWorkedDay',
        );
      }
      return { ...placement, status: 'ended', endDate: end.lastWorkedDay, endReason: end.reason };
    default:
      return placement satisfies never;
  }
};
