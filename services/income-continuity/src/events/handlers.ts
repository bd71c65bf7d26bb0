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
import { reopenAtBegin, reopenIncome } from '../app/reopen-income.ts';
import { appliedIfEither, scheduleOutcomeChecks } from '../app/schedule-outcome-checks.ts';
import { suspendAtBegin, suspendIncome } from '../app/suspend-income.ts';
import { plannedMilestonesIn, plannedMilestonesStatement } from '../db/outcome-checks.ts';

/**
 * What the handlers of a person's events read and write: that person's timeline, aid requests,
 * bridges, reopenings and outcome checks, and nobody else's. A run of messages reads ahead for
 * the first event of each person (see `EventHandler.scope`).
 */
const person = (event: { readonly tenantId: string; readonly data: { readonly personId: string } }) =>
  `${event.tenantId}:${event.data.personId}`;

/** Events this service consumes, each mapped to its use case. */
export const handlers = (context: ServiceContext): EventHandler[] => [
  on(PlacementStartedV1, (tx, event, handlerContext) => suspendIncome(context, tx, event, handlerContext), {
    atBegin: suspendAtBegin,
    scope: person,
  }),
  // An end reopens the income (or opens a bridge) and plans the outcome checks, in one transaction.
  on(
    TrialEndedV1,
    async (tx, event, handlerContext) =>
      appliedIfEither(
        await reopenIncome(context, tx, event, handlerContext),
        await scheduleOutcomeChecks(
          context,
          tx,
          {
            tenantId: event.tenantId,
            personId: event.data.personId,
            placementId: event.data.placementId,
            lastWorkedDay: event.data.lastWorkedDay,
            endReason: event.data.outcome === 'ended_early' ? 'trial_ended_early' : 'trial_not_conclusive',
          },
          event,
          handlerContext,
          plannedMilestonesIn(handlerContext.begun?.[2]),
        ),
      ),
    // With BEGIN when the event is applied alone: the person's lock, the timeline and coverage
    // state, the placement's outcome checks (so nothing after BEGIN waits for an answer).
    {
      atBegin: (event) => [
        ...reopenAtBegin(event),
        plannedMilestonesStatement(event.tenantId, event.data.placementId),
      ],
      scope: person,
    },
  ),
  on(PlacementEndedV1, async (tx, event, handlerContext) =>
    appliedIfEither(
      await onPlacementEnded(context, tx, event, handlerContext),
      await scheduleOutcomeChecks(
        context,
        tx,
        { tenantId: event.tenantId, ...event.data, endReason: event.data.reason },
        event,
        handlerContext,
      ),
    ),
  ),
  // Only the decisions on reopenings are this service's; the others belong to other services.
  on(CommitteeDecisionRecordedV1, async (tx, event, handlerContext) =>
    event.data.subject.kind === 'income_reopening'
      ? decideIncomeReopening(context, tx, event, handlerContext)
      : undefined,
  ),
];
