import { PlacementStartedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { startContract } from '../domain/placement.ts';
import { findCandidate } from '../db/candidates.ts';
import {
  countFilledOpening,
  listDuePlacements,
  lockPlacementIfFree,
  savePlacement,
} from '../db/placements.ts';
import { changeCandidateStatus, SYSTEM_ACTOR } from '../app/candidates/change-status.ts';
import { closePlacement } from '../app/placements/placement-ended.ts';

const BATCH = 200;

/**
 * Starts every contract whose first day has come: the placement starts, the person is placed,
 * the position counts a filled opening, and PlacementStarted goes out — in one transaction per
 * contract. Safe with several instances (each contract is locked with SKIP LOCKED).
 */
export const startDueContracts = async (context: ServiceContext, today: string): Promise<number> => {
  let started = 0;
  for (const due of await listDuePlacements(context.platformPool, { kind: 'start', today, limit: BATCH })) {
    const done = await withTenantTransaction(context.pool, due.tenantId, async (tx) => {
      const placement = await lockPlacementIfFree(tx, due.tenantId, due.id);
      const next = placement && startContract(placement, today);
      if (!placement || !next) return false;
      await savePlacement(tx, next);
      await countFilledOpening(tx, next.tenantId, next.positionId);
      const candidate = await findCandidate(tx, next.tenantId, next.personId, true);
      if (candidate)
        await changeCandidateStatus(context, tx, candidate, 'placed', SYSTEM_ACTOR, 'contract_started');
      const correlationId = context.clock.newId();
      await context.events.append(tx, PlacementStartedV1, {
        tenantId: next.tenantId,
        aggregateId: next.id,
        partitionKey: next.personId,
        correlationId,
        causationId: null,
        data: {
          placementId: next.id,
          personId: next.personId,
          hostEmployerId: next.hostEmployerId,
          startDate: next.startDate,
        },
      });
      context.logger.info({ placementId: next.id, correlationId }, 'contract started');
      return true;
    });
    if (done) started += 1;
  }
  return started;
};

/** Ends every started contract whose planned end has passed: completed, the person leaves the art. 60 pool. */
export const completeEndedContracts = async (context: ServiceContext, today: string): Promise<number> => {
  let completed = 0;
  for (const due of await listDuePlacements(context.platformPool, {
    kind: 'complete',
    today,
    limit: BATCH,
  })) {
    const done = await withTenantTransaction(context.pool, due.tenantId, async (tx) => {
      const placement = await lockPlacementIfFree(tx, due.tenantId, due.id);
      if (placement?.status !== 'started' || placement.plannedEndDate >= today) return false;
      return closePlacement(
        context,
        tx,
        placement,
        { lastWorkedDay: placement.plannedEndDate, reason: 'completed' },
        { correlationId: context.clock.newId(), causationId: null },
      );
    });
    if (done) completed += 1;
  }
  return completed;
};
