import type { EventOf, PlacementStartedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { suspendIncomeForPlacement } from '../domain/coverage.ts';
import { applyCoverageChanges, loadTimeline, lockPerson } from '../db/coverage.ts';

/** A placement started: the RI is suspended from the contract start and the salary covers the person. */
export const suspendIncome = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof PlacementStartedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { tenantId } = event;
  const { personId, placementId, startDate } = event.data;
  await lockPerson(tx, tenantId, personId);
  const changes = suspendIncomeForPlacement(
    await loadTimeline(tx, tenantId, personId),
    { placementId, startDate },
    () => context.clock.newId(),
  );
  await applyCoverageChanges(tx, { tenantId, personId, sourceEventId: event.id }, changes);
  logger.info(
    { placementId, changes: changes.length },
    changes.length ? 'income suspended for placement' : 'placement already known',
  );
};
