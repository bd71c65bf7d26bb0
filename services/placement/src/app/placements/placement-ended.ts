import { PlacementEndedV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { endPlacement, type EndReason, type Placement } from '../../domain/placement.ts';
import type { CandidateStatus } from '../../domain/model.ts';
import { findCandidate } from '../../db/candidates.ts';
import { savePlacement } from '../../db/placements.ts';
import { changeCandidateStatus, SYSTEM_ACTOR } from '../candidates/change-status.ts';

/** What the person becomes after each kind of end: never a penalty (DOMAIN.md story 6). */
const AFTER_END: Record<EndReason, { readonly status: CandidateStatus; readonly reason: string }> = {
  completed: { status: 'exited', reason: 'contract_completed' },
  ended_early: { status: 'available', reason: 'contract_ended_early' },
  trial_not_conclusive: { status: 'available', reason: 'trial_not_conclusive' },
  trial_ended_early: { status: 'available', reason: 'trial_ended_early' },
};

/**
 * Ends a placement inside the caller's transaction: the placement, the person's status (with
 * the placement kept in their history) and PlacementEnded, together. Returns false when the
 * placement had already ended (the same fact delivered again).
 */
export const closePlacement = async (
  context: ServiceContext,
  tx: Tx,
  placement: Placement,
  end: { readonly lastWorkedDay: string; readonly reason: EndReason },
  causation: { readonly correlationId: string; readonly causationId: string | null },
): Promise<boolean> => {
  const ended = endPlacement(placement, end);
  if (!ended) return false;
  await savePlacement(tx, ended);
  const candidate = await findCandidate(tx, placement.tenantId, placement.personId, true);
  const next = AFTER_END[end.reason];
  if (candidate && candidate.status === 'placed') {
    await changeCandidateStatus(context, tx, candidate, next.status, SYSTEM_ACTOR, next.reason);
  }
  await context.events.append(tx, PlacementEndedV1, {
    tenantId: placement.tenantId,
    aggregateId: placement.id,
    partitionKey: placement.personId,
    ...causation,
    data: {
      placementId: placement.id,
      personId: placement.personId,
      lastWorkedDay: end.lastWorkedDay,
      reason: end.reason,
    },
  });
  return true;
};
