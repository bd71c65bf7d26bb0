import type { EventOf, PlacementStartedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { openTrial } from '../domain/trial-period.ts';
import { insertTrial } from '../db/trial-periods.ts';

/** A placement started: its trial (evaluation) period opens. A re-emitted start opens nothing new. */
export const openTrialPeriod = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof PlacementStartedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const trial = openTrial(
    {
      tenantId: event.tenantId,
      placementId: event.data.placementId,
      personId: event.data.personId,
      startDate: event.data.startDate,
    },
    context.clock.newId(),
  );
  const opened = await insertTrial(tx, trial, event.id);
  logger.info(
    { trialPeriodId: opened ? trial.id : undefined, opened },
    opened ? 'trial period opened' : 'trial period already open',
  );
};
