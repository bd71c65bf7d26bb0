import type { EventOf, PlacementEndedV1, PlacementStartedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import { endPlacement, insertPlacement } from '../db/placements.ts';

/**
 * Learns of a started placement: its id, host, first day and the pseudonymous id of its worker
 * (an accident names whom it happened to, for the audit); never the person's details.
 */
export const onPlacementStarted = async (
  tx: Tx,
  event: EventOf<typeof PlacementStartedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { placementId, personId, hostEmployerId, startDate } = event.data;
  await insertPlacement(tx, {
    id: placementId,
    tenantId: event.tenantId,
    personId,
    hostEmployerId,
    startDate,
    lastWorkedDay: null,
  });
  logger.info({ placementId, hostEmployerId }, 'placement known to safety-visits');
};

/** Records a placement's last worked day (worked days for accident rates; no longer ongoing). */
export const onPlacementEnded = async (
  tx: Tx,
  event: EventOf<typeof PlacementEndedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { placementId, lastWorkedDay } = event.data;
  const known = await endPlacement(tx, event.tenantId, placementId, lastWorkedDay);
  logger.info({ placementId, known }, known ? 'placement ended' : 'end of a placement unknown here: ignored');
};
