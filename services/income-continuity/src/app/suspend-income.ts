import { AidAtRiskV1, IncomeSuspendedV1, type EventOf, type PlacementStartedV1 } from '@relais/contracts';
import {
  lockedAtBegin,
  lockOnceStatement,
  type HandlerContext,
  type Ignored,
  type Statement,
  type Tx,
} from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { aidAtRisk } from '../domain/aid.ts';
import { suspend } from '../domain/placement-coverage.ts';
import { addDays } from '../domain/days.ts';
import { applyChanges } from '../domain/coverage.ts';
import { applyCoverageChanges, loadTimeline, lockPerson } from '../db/coverage.ts';
import {
  aidRequestsIn,
  aidRequestsStatement,
  listAidRequests,
  recordAidAlerts,
  type AidRequestRecord,
} from '../db/aid-requests.ts';
import {
  closeBridgeForPlacement,
  openBridgeIn,
  openBridgeStatement,
  sendCloseBridgeForPlacement,
} from '../db/bridges.ts';
import { coverageStateIn, coverageStateStatement } from '../db/gaps.ts';
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
  { logger, begun }: HandlerContext,
): Promise<Ignored | undefined> => {
  const { tenantId } = event;
  const { personId, placementId, startDate } = event.data;
  const origin = { tenantId, personId, correlationId: event.correlationId, causationId: event.id };
  const newId = () => context.clock.newId();
  // Read first (suspendAtBegin) when the consumer sent them: the lock, the aid requests, the
  // coverage state and the open bridge; otherwise here, one after the other.
  const [, aidFirst, stateFirst, bridgeFirst] = begun ?? [];
  const first =
    aidFirst && stateFirst && bridgeFirst
      ? {
          aid: aidRequestsIn(aidFirst),
          state: coverageStateIn(stateFirst),
          bridge: openBridgeIn(bridgeFirst),
        }
      : undefined;
  if (first) lockedAtBegin(tx, tenantId, personId);
  else await lockPerson(tx, tenantId, personId);
  await alertAidAtRisk(context, tx, event, first?.aid ?? (await listAidRequests(tx, tenantId, personId)));
  const timeline = first?.state.timeline ?? (await loadTimeline(tx, tenantId, personId));
  const { changes, suspended } = suspend(timeline, { placementId, startDate }, newId);
  if (changes.length === 0) {
    logger.info({ placementId }, 'placement already known');
    return { ignored: 'salary already recorded for this placement' };
  }
  // With the state read first, the coverage is checked with the changes applied in memory
  // instead of read back: nothing here reads the periods again, so the changes can wait for the COMMIT.
  const after = first && { ...first.state, timeline: applyChanges(first.state.timeline, changes) };
  await applyCoverageChanges(
    tx,
    { tenantId, personId, sourceEventId: event.id },
    changes,
    after ? { leftToCommit: timeline } : {},
  );
  const today = belgianDay(context.clock.now());
  const bridgeId = first
    ? await sendCloseBridgeForPlacement(tx, { tenantId, personId, today }, first.bridge)
    : await closeBridgeForPlacement(tx, { tenantId, personId, today });
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
  await checkCoverage(context, tx, origin, after);
  logger.info({ placementId, suspended: suspended !== null }, 'income suspended for placement');
  return undefined;
};

/**
 * What {@link suspendIncome} reads first, as statements the consumer sends with what it sends
 * first for the event: the person's lock, then the aid requests, the coverage state (timeline,
 * decisions, open gaps) and the open bridge.
 */
export const suspendAtBegin = (event: EventOf<typeof PlacementStartedV1>): Statement[] => [
  lockOnceStatement(event.tenantId, event.data.personId),
  aidRequestsStatement(event.tenantId, event.data.personId),
  coverageStateStatement(event.tenantId, event.data.personId),
  openBridgeStatement(event.tenantId, event.data.personId),
];

const alertAidAtRisk = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof PlacementStartedV1>,
  requests: readonly AidRequestRecord[],
) => {
  const { tenantId } = event;
  const { personId, placementId, startDate } = event.data;
  const atRisk = aidAtRisk(requests);
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
