import { IncomeReopenedV1, trialEndProposalKind, type EventOf, type TrialEndedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { reopenIncomeAfterTrial } from '../domain/coverage.ts';
import { applyCoverageChanges, loadTimeline, lockPerson } from '../db/coverage.ts';
import { insertReopening, reopeningExists } from '../db/reopenings.ts';

/**
 * A trial ended without the placement going on. In one transaction: the salary ends on the
 * last worked day, the RI reopens (provisionally) the next day, the ISP follow-up continues,
 * the three proposals await the committee, and IncomeReopened is written to the outbox.
 * One reopening per trial, whatever the number of deliveries or re-emissions.
 */
export const reopenIncome = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof TrialEndedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { tenantId } = event;
  const { personId, placementId, trialPeriodId, placementStartDate, lastWorkedDay, outcome } = event.data;
  await lockPerson(tx, tenantId, personId);
  if (await reopeningExists(tx, tenantId, trialPeriodId)) {
    logger.info({ trialPeriodId }, 'income already reopened for this trial');
    return;
  }
  const newId = () => context.clock.newId();
  const { changes, reopened } = reopenIncomeAfterTrial(
    await loadTimeline(tx, tenantId, personId),
    { placementId, placementStartDate, lastWorkedDay },
    newId,
  );
  await applyCoverageChanges(tx, { tenantId, personId, sourceEventId: event.id }, changes);
  const reopeningId = newId();
  const followUpId = newId();
  const proposals = trialEndProposalKind.options;
  await insertReopening(tx, {
    id: reopeningId,
    tenantId,
    personId,
    placementId,
    trialPeriodId,
    coveragePeriodId: reopened.id,
    effectiveFrom: reopened.startDate,
    trialOutcome: outcome,
    sourceEventId: event.id,
    proposals: proposals.map((kind) => ({ id: newId(), kind })),
    followUp: { id: followUpId, openedOn: belgianDay(context.clock.now()) },
  });
  await context.events.append(tx, IncomeReopenedV1, {
    tenantId,
    aggregateId: reopeningId,
    partitionKey: personId,
    correlationId: event.correlationId,
    causationId: event.id,
    data: {
      reopeningId,
      personId,
      placementId,
      trialPeriodId,
      effectiveFrom: reopened.startDate,
      followUpId,
      proposals: [...proposals],
    },
  });
  logger.info(
    { trialPeriodId, reopeningId, effectiveFrom: reopened.startDate },
    'income reopened and ISP follow-up continued',
  );
};
