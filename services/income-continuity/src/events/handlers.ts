import { PlacementStartedV1, TrialEndedV1 } from '@relais/contracts';
import { on, type EventHandler } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { reopenIncome } from '../app/reopen-income.ts';
import { suspendIncome } from '../app/suspend-income.ts';

/** Events this service consumes, each mapped to its use case. */
export const handlers = (context: ServiceContext): EventHandler[] => [
  on(PlacementStartedV1, (tx, event, handlerContext) => suspendIncome(context, tx, event, handlerContext)),
  on(TrialEndedV1, (tx, event, handlerContext) => reopenIncome(context, tx, event, handlerContext)),
];
