import {
  CommitteeDecisionRecordedV1,
  PlacementEndedV1,
  PlacementStartedV1,
  TrialEndedV1,
} from '@relais/contracts';
import { on, type EventHandler } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { decideIncomeReopening } from '../app/decide-reopening.ts';
import { onPlacementEnded } from '../app/on-placement-ended.ts';
import { reopenIncome } from '../app/reopen-income.ts';
import { suspendIncome } from '../app/suspend-income.ts';

/** Events this service consumes, each mapped to its use case. */
export const handlers = (context: ServiceContext): EventHandler[] => [
  on(PlacementStartedV1, (tx, event, handlerContext) => suspendIncome(context, tx, event, handlerContext)),
  on(TrialEndedV1, (tx, event, handlerContext) => reopenIncome(context, tx, event, handlerContext)),
  on(PlacementEndedV1, (tx, event, handlerContext) => onPlacementEnded(context, tx, event, handlerContext)),
  // Only the decisions on reopenings are this service's; the others belong to other services.
  on(CommitteeDecisionRecordedV1, async (tx, event, handlerContext) =>
    event.data.subject.kind === 'income_reopening'
      ? decideIncomeReopening(context, tx, event, handlerContext)
      : undefined,
  ),
];
