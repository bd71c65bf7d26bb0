import { IncomeCoverageChangedV1, type EventOf, type PlacementEndedV1 } from '@relais/contracts';
import type { HandlerContext, Ignored, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { reopenIncomeAfterEnd } from '../domain/placement-coverage.ts';
import { addDays } from '../domain/days.ts';
import { applyCoverageChanges, loadTimeline, lockPerson } from '../db/coverage.ts';
import { bridgeExists, insertBridge } from '../db/bridges.ts';
import { loadBridgeReviewDays } from '../db/settings.ts';
import { appendTimeline } from '../db/timeline.ts';
import { checkCoverage } from './check-coverage.ts';
import { reopen } from './reopen-income.ts';

type PlacementEnded = EventOf<typeof PlacementEndedV1>;

/**
 * A placement ended. Early after the trial: the RI reopens as after an ended trial. Completed
 * to term: a bridging RI until the first unemployment payment. Ended by its trial: TrialEnded
 * (which carries the reasons) already did the work, so nothing here.
 */
export const onPlacementEnded = async (
  context: ServiceContext,
  tx: Tx,
  event: PlacementEnded,
  handlerContext: HandlerContext,
): Promise<Ignored | undefined> => {
  const { personId, placementId, lastWorkedDay, reason } = event.data;
  switch (reason) {
    case 'ended_early':
      return reopen(
        context,
        tx,
        {
          tenantId: event.tenantId,
          personId,
          placementId,
          trialPeriodId: null,
          placementStartDate: null,
          lastWorkedDay,
          cause: 'contract_ended_early',
          reasonCode: null,
          initiatedBy: null,
          officerAnalysis: null,
        },
        event,
        handlerContext,
      );
    case 'completed':
      return openBridge(context, tx, event, handlerContext);
    case 'trial_not_conclusive':
    case 'trial_ended_early':
      handlerContext.logger.debug({ placementId }, 'placement ended by its trial: handled on TrialEnded');
      return;
    default: {
      const unknown: never = reason;
      return unknown;
    }
  }
};

/**
 * A contract completed to term: the person should now qualify for unemployment benefits, paid
 * only weeks later. A bridging RI covers the days from the day after the last worked day until
 * the first payment is confirmed, with a task for the social worker due after the configured days.
 */
const openBridge = async (
  context: ServiceContext,
  tx: Tx,
  event: PlacementEnded,
  { logger }: HandlerContext,
): Promise<Ignored | undefined> => {
  const { tenantId } = event;
  const { personId, placementId, lastWorkedDay } = event.data;
  await lockPerson(tx, tenantId, personId);
  if (await bridgeExists(tx, tenantId, placementId)) {
    logger.info({ placementId }, 'bridge already open for this placement');
    return { ignored: 'bridge already open for this placement' };
  }
  const newId = () => context.clock.newId();
  const { changes, reopened } = reopenIncomeAfterEnd(
    await loadTimeline(tx, tenantId, personId),
    { placementId, placementStartDate: null, lastWorkedDay },
    'bridging',
    newId,
  );
  await applyCoverageChanges(tx, { tenantId, personId, sourceEventId: event.id }, changes);
  const reviewOn = addDays(reopened.startDate, await loadBridgeReviewDays(tx, tenantId, reopened.startDate));
  const bridgeId = newId();
  await insertBridge(tx, {
    id: bridgeId,
    taskId: newId(),
    tenantId,
    personId,
    placementId,
    coveragePeriodId: reopened.id,
    startedOn: reopened.startDate,
    reviewOn,
    sourceEventId: event.id,
  });
  await context.events.append(tx, IncomeCoverageChangedV1, {
    tenantId,
    aggregateId: personId,
    correlationId: event.correlationId,
    causationId: event.id,
    data: {
      personId,
      change: 'bridge_opened',
      periodId: reopened.id,
      effectiveFrom: reopened.startDate,
      category: reopened.category,
      reopeningId: null,
      decisionId: null,
      reasonCode: null,
    },
  });
  await appendTimeline(tx, {
    id: newId(),
    tenantId,
    personId,
    kind: 'bridge_opened',
    effectiveOn: reopened.startDate,
    details: {
      bridgeId,
      placementId,
      periodId: reopened.id,
      category: reopened.category,
      lastWorkedDay,
      reviewOn,
    },
    sourceEventId: event.id,
  });
  await checkCoverage(context, tx, {
    tenantId,
    personId,
    correlationId: event.correlationId,
    causationId: event.id,
  });
  logger.info(
    { placementId, bridgeId, from: reopened.startDate, reviewOn },
    'bridging income opened after a completed contract',
  );
  return undefined;
};
