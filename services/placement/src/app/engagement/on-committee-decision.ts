import type { CommitteeDecisionRecordedV1, EventOf } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { decideEngagement } from '../../domain/engagement.ts';
import { scheduleContract } from '../../domain/placement.ts';
import { findCandidate } from '../../db/candidates.ts';
import { findPlacement, insertPlacement } from '../../db/placements.ts';
import { findProposal, saveProposalDecision } from '../../db/proposals.ts';
import { loadEngagementRules } from '../../db/settings.ts';
import { changeCandidateStatus, SYSTEM_ACTOR } from '../candidates/change-status.ts';
import { closePlacement } from '../placements/placement-ended.ts';

type Decision = EventOf<typeof CommitteeDecisionRecordedV1>;

/**
 * The committee decided on an engagement proposal: approved (or amended) → the contract is
 * scheduled for its start date (the scheduled job starts it); refused → the person is
 * available again, with the refusal in their history.
 */
export const onEngagementDecision = async (
  context: ServiceContext,
  tx: Tx,
  event: Decision,
  { logger }: HandlerContext,
): Promise<void> => {
  const { tenantId } = event;
  const proposal = await findProposal(tx, tenantId, event.data.subject.id, true);
  if (!proposal) {
    logger.warn({ proposalId: event.data.subject.id }, 'committee decided on an unknown engagement proposal');
    return;
  }
  const candidate = await findCandidate(tx, tenantId, proposal.candidateId, true);
  if (!candidate) throw new Error(`proposal ${proposal.id} refers to a missing candidate`);
  const rule = await loadEngagementRules(tx, tenantId, proposal.startDate);
  const decided = decideEngagement(
    proposal,
    {
      decisionId: event.data.decisionId,
      outcome: event.data.outcome,
      decidedOn: event.data.decidedOn,
      amendments: event.data.amendments,
    },
    rule,
    candidate.daysNeededForRights,
  );
  if (!decided) {
    logger.info({ proposalId: proposal.id }, 'engagement proposal already decided');
    return;
  }
  await saveProposalDecision(tx, decided);
  if (decided.status === 'approved') {
    const placement = scheduleContract(decided, context.clock.newId());
    await insertPlacement(tx, placement);
    logger.info(
      { proposalId: proposal.id, placementId: placement.id, startDate: placement.startDate },
      'contract scheduled',
    );
  } else if (candidate.status === 'proposed') {
    await changeCandidateStatus(context, tx, candidate, 'available', SYSTEM_ACTOR, 'committee_refused');
    logger.info({ proposalId: proposal.id }, 'engagement refused by the committee');
  }
};

/** The committee decided to end a contract early: the placement ends on the given last worked day. */
export const onContractEarlyEnd = async (
  context: ServiceContext,
  tx: Tx,
  event: Decision,
  { logger }: HandlerContext,
): Promise<void> => {
  if (event.data.outcome === 'refused') return;
  const placement = await findPlacement(tx, event.tenantId, event.data.subject.id, true);
  if (!placement) {
    logger.warn({ placementId: event.data.subject.id }, 'committee ended an unknown placement');
    return;
  }
  const ended = await closePlacement(
    context,
    tx,
    placement,
    { lastWorkedDay: event.data.effectiveOn ?? event.data.decidedOn, reason: 'ended_early' },
    { correlationId: event.correlationId, causationId: event.id },
  );
  logger.info(
    { placementId: placement.id, ended },
    ended ? 'placement ended early by the committee' : 'placement already ended',
  );
};
