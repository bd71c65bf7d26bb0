import { EngagementProposedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import { proposeEngagement as decideProposal, type EngagementProposal } from '../../domain/engagement.ts';
import type { Actor } from '../../domain/model.ts';
import { findCandidate } from '../../db/candidates.ts';
import { findPositionForMatching } from '../../db/matching.ts';
import { insertProposal } from '../../db/proposals.ts';
import { loadEngagementRules } from '../../db/settings.ts';
import { findShortlist } from '../../db/shortlists.ts';
import { changeCandidateStatus } from '../candidates/change-status.ts';
import { assertMatchable } from '../matching/matches.ts';

/** The officer's proposal for the candidate the host chose. */
export interface ProposeEngagementInput {
  readonly tenantId: string;
  readonly shortlistId: string;
  readonly startDate: string;
  readonly weeklyHours: number;
  readonly payScale: string;
  readonly correlationId: string;
}

/**
 * Proposes to engage the chosen candidate: the end date follows from the days they still need
 * to open unemployment rights; the proposal goes to the committee as EngagementProposed.
 */
export const proposeEngagement = (
  context: ServiceContext,
  input: ProposeEngagementInput,
  by: Actor,
): Promise<EngagementProposal> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    const { tenantId } = input;
    const shortlist = await findShortlist(tx, tenantId, input.shortlistId, true);
    if (!shortlist)
      throw new DomainError('SHORTLIST_NOT_FOUND', 'not_found', `no shortlist ${input.shortlistId}`);
    const chosen = shortlist.entries.find((e) => e.outcome === 'chosen');
    if (!chosen)
      throw new DomainError(
        'HOST_HAS_NOT_CHOSEN',
        'conflict',
        'the host has not chosen a candidate yet',
        'shortlistId',
      );
    const position = await findPositionForMatching(tx, tenantId, shortlist.positionId, true);
    if (!position)
      throw new DomainError('POSITION_NOT_FOUND', 'not_found', `no position ${shortlist.positionId}`);
    assertMatchable(position);
    const candidate = await findCandidate(tx, tenantId, chosen.candidateId, true);
    if (!candidate)
      throw new DomainError('CANDIDATE_NOT_FOUND', 'not_found', `no candidate ${chosen.candidateId}`);
    const rule = await loadEngagementRules(tx, tenantId, input.startDate);
    const proposal = decideProposal(
      {
        id: context.clock.newId(),
        tenantId,
        shortlistId: shortlist.id,
        positionId: position.id,
        candidateId: candidate.id,
        hostEmployerId: position.hostEmployerId,
        hostDeadline: position.fillDeadline,
        daysNeededForRights: candidate.daysNeededForRights,
        startDate: input.startDate,
        weeklyHours: input.weeklyHours,
        payScale: input.payScale,
        createdBy: by.id,
      },
      rule,
      belgianDay(context.clock.now()),
    );
    if (!(await insertProposal(tx, proposal))) {
      throw new DomainError(
        'PROPOSAL_ALREADY_PENDING',
        'conflict',
        'this candidate already has a proposal awaiting the committee',
      );
    }
    await changeCandidateStatus(context, tx, candidate, 'proposed', by, 'chosen_by_host');
    await context.events.append(tx, EngagementProposedV1, {
      tenantId,
      aggregateId: proposal.id,
      partitionKey: candidate.id,
      correlationId: input.correlationId,
      causationId: null,
      data: {
        proposalId: proposal.id,
        personId: candidate.id,
        hostEmployerId: proposal.hostEmployerId,
        positionId: proposal.positionId,
        startDate: proposal.startDate,
        endDate: proposal.endDate,
        weeklyHours: proposal.weeklyHours,
        payScale: proposal.payScale,
        hostDeadline: proposal.hostDeadline,
      },
    });
    return proposal;
  });
