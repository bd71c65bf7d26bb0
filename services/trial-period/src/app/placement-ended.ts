import type { EventOf, PlacementEndedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { recordPlacementEnd } from '../domain/trial-period.ts';
import { cancelScheduledCheckIns } from '../db/check-ins.ts';
import { findTrialOfPlacement, savePlacementEnd } from '../db/trial-periods.ts';

/**
 * The placement ended. After a decided trial (or the end that followed our own TrialEnded) the
 * trial keeps its outcome and records the end; during a running trial the trial closes without
 * an outcome and its remaining check-ins are cancelled. No event: the placement service already
 * told everyone, and inventing an initiator or a reason for a TrialEnded would be a guess.
 */
export const closeTrialOnPlacementEnd = async (
  _context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof PlacementEndedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const trial = await findTrialOfPlacement(tx, event.tenantId, event.data.placementId);
  if (!trial) {
    logger.warn({ placementId: event.data.placementId }, 'placement ended without a known trial');
    return;
  }
  const next = recordPlacementEnd(trial, {
    lastWorkedDay: event.data.lastWorkedDay,
    reason: event.data.reason,
  });
  if (!next) {
    logger.info({ trialPeriodId: trial.id }, 'placement end already recorded');
    return;
  }
  await savePlacementEnd(tx, next, event.id);
  await cancelScheduledCheckIns(tx, trial.tenantId, trial.id);
  logger.info({ trialPeriodId: trial.id, status: next.status }, 'placement end recorded on the trial');
};
