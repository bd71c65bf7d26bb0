import type { EventOf, TrialEndedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { findPlacement } from '../../db/placements.ts';
import { closePlacement } from './placement-ended.ts';

/** A trial ended without the placement going on: the placement ends and the person is available again. */
export const onTrialEnded = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof TrialEndedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const placement = await findPlacement(tx, event.tenantId, event.data.placementId, true);
  if (!placement) {
    logger.warn({ placementId: event.data.placementId }, 'trial ended for an unknown placement');
    return;
  }
  const ended = await closePlacement(
    context,
    tx,
    placement,
    {
      lastWorkedDay: event.data.lastWorkedDay,
      reason: event.data.outcome === 'ended_early' ? 'trial_ended_early' : 'trial_not_conclusive',
    },
    { correlationId: event.correlationId, causationId: event.id },
  );
  logger.info(
    { placementId: placement.id, ended },
    ended ? 'placement ended after trial' : 'placement already ended',
  );
};
