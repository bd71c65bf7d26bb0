import type { EventOf, TrialEndedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import { endPlacementAfterTrial } from '../domain/placement.ts';
import { findPlacement, saveEnd } from '../db/placements.ts';

/** A trial ended without the placement going on: the placement ends on the last worked day. */
export const endPlacement = async (
  tx: Tx,
  event: EventOf<typeof TrialEndedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const placement = await findPlacement(tx, event.tenantId, event.data.placementId, true);
  if (!placement) {
    logger.warn({ placementId: event.data.placementId }, 'trial ended for an unknown placement');
    return;
  }
  const ended = endPlacementAfterTrial(placement, event.data);
  if (ended) await saveEnd(tx, ended);
  logger.info(
    { placementId: placement.id, ended: Boolean(ended) },
    ended ? 'placement ended after trial' : 'placement already ended',
  );
};
