import { AidAtRiskV1, IncomeSuspendedV1, type EventOf, type PlacementStartedV1 } from '@relais/contracts';
import type { HandlerContext, Ignored, Tx } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { aidAtRisk } from '../domain/aid.ts';
import { suspend } from '../domain/placement-coverage.ts';
import { addDays } from '../domain/days.ts';
import { applyCoverageChanges, loadTimeline, lockPerson } from '../db/coverage.ts';
import { listAidRequests, recordAidAlerts } from '../db/aid-requests.ts';
import { closeBridgeForPlacement } from '../db/bridges.ts';
import { appendTimeline } from '../db/timeline.ts';
import { checkCoverage } from './check-coverage.ts';

/**
 * A placement started. First, before the suspension is written, pending aid requests that
 * depend on the RI raise AidAtRisk (story 4: the rental guarantee lost because nobody acted
 * before the RI stopped); the alert precedes the suspension in the outbox, hence on the topic.
 * Then the RI is suspended from the contract start, the salary covers the person, and the
 * social worker is told (IncomeSuspended). All in the handler's transaction.
 */
export const suspendIncome = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof PlacementStartedV1>,
  { logger }: HandlerContext,
): Promise<Ignored | undefined> => {
  const { tenantId } = event;
  const { personId, placementId, startDate } = event.data;
  const origin = { tenantId, personId, correlationId: event.correlationId, causationId: event.id };
  const newId = () => context.clock.newId();
  await lockPerson(tx, tenantId, personId);
  await alertAidAtRisk(context, tx, event);
  const { changes, suspended } = suspend(
    await loadTimeline(tx, tenantId, personId),
    { placementId, startDate },
    newId,
  );
  if (changes.length === 0) {
    logger.info({ placementId }, 'placement already known');
    return { ignored: 'salary already recorded for this placement' };
  }
  await applyCoverageChanges(tx, { tenantId, personId, sourceEventId: event.id }, changes);
  const bridgeId = await closeBridgeForPlacement(tx, {
    tenantId,
    personId,
    today: belgianDay(context.clock.now()),
  });
  if (bridgeId)
    await appendTimeline(tx, {
      id: newId(),
      tenantId,
      personId,
      kind: 'bridge_closed',
      effectiveOn: startDate,
      details: { bridgeId, reason: 'new_placement', placementId },
      sourceEventId: event.id,
    });
  if (suspended) {
    const data = {
      personId,
      placementId,
      suspendedFrom: startDate,
      paidThrough: addDays(startDate, -1),
      category: suspended.category,
    };
    await context.events.append(tx, IncomeSuspendedV1, {
      tenantId,
      aggregateId: personId,
      correlationId: event.correlationId,
      causationId: event.id,
      data,
    });
    await appendTimeline(tx, {
      id: newId(),
      tenantId,
      personId,
      kind: 'income_suspended',
      effectiveOn: startDate,
      details: data,
      sourceEventId: event.id,
    });
  }
  await checkCoverage(context, tx, origin);
  logger.info({ placementId, suspended: suspended !== null }, 'income suspended for placement');
  return undefined;
};

const alertAidAtRisk = async (context: ServiceContext, tx: Tx, event: EventOf<typeof PlacementStartedV1>) => {
  const { tenantId } = event;
  const { personId, placementId, startDate } = event.data;
  const atRisk = aidAtRisk(await listAidRequests(tx, tenantId, personId));
  if (atRisk.length === 0) return;
  const alertId = context.clock.newId();
  const fresh = new Set(
    await recordAidAlerts(tx, { alertId, tenantId, placementId, requestIds: atRisk.map((r) => r.id) }),
  );
  const alerted = atRisk.filter((r) => fresh.has(r.id));
  if (alerted.length === 0) return;
  const data = {
    alertId,
    personId,
    placementId,
    suspensionFrom: startDate,
    aidRequests: alerted.map((r) => ({ aidRequestId: r.id, kind: r.kind, requestedOn: r.requestedOn })),
  };
  await context.events.append(tx, AidAtRiskV1, {
    tenantId,
    aggregateId: personId,
    correlationId: event.correlationId,
    causationId: event.id,
    data,
  });
  await appendTimeline(tx, {
    id: context.clock.newId(),
    tenantId,
    personId,
    kind: 'aid_at_risk',
    effectiveOn: startDate,
    details: data,
    sourceEventId: event.id,
  });
  context.logger.warn(
    { placementId, alertId, requests: alerted.length },
    'aid at risk before the RI suspension',
  );
};
