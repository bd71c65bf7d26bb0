import { PlacementEndedV1, PlacementStartedV1 } from '@relais/contracts';
import { on, type EventHandler } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { openTrialPeriod } from '../app/open-trial-period.ts';
import { closeTrialOnPlacementEnd } from '../app/placement-ended.ts';

/** Events this service consumes, each mapped to its use case. */
export const handlers = (context: ServiceContext): EventHandler[] => [
  on(PlacementStartedV1, (tx, event, handlerContext) => openTrialPeriod(context, tx, event, handlerContext)),
  on(PlacementEndedV1, (tx, event, handlerContext) =>
    closeTrialOnPlacementEnd(context, tx, event, handlerContext),
  ),
];
