import { PlacementStartedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import { startPlacement as decideStart, type Placement, type StartPlacement } from '../domain/placement.ts';
import { findActivePlacementOfPerson, insertPlacement } from '../db/placements.ts';

const alreadyPlaced = (error: unknown): boolean =>
  (error as { code?: string; constraint?: string }).code === '23505' &&
  (error as { constraint?: string }).constraint === 'placements_one_active_per_person_uq';

/** Starts a placement and announces PlacementStarted in the same transaction. */
export const startPlacement = async (
  context: ServiceContext,
  command: StartPlacement,
  correlationId: string,
): Promise<Placement> => {
  try {
    return await withTenantTransaction(context.pool, command.tenantId, async (tx) => {
      const active = await findActivePlacementOfPerson(tx, command.tenantId, command.personId);
      const placement = decideStart(command, active, context.clock.newId());
      await insertPlacement(tx, placement);
      await context.events.append(tx, PlacementStartedV1, {
        tenantId: placement.tenantId,
        aggregateId: placement.id,
        partitionKey: placement.personId,
        correlationId,
        causationId: null,
        data: {
          placementId: placement.id,
          personId: placement.personId,
          hostEmployerId: placement.hostEmployerId,
          startDate: placement.startDate,
        },
      });
      return placement;
    });
  } catch (error) {
    // Two officers starting the same person at once: the unique index decides, the loser gets a 409.
    if (alreadyPlaced(error)) {
      throw new DomainError(
        'PERSON_ALREADY_PLACED',
        'conflict',
        'the person already works an article 60 placement',
        'personId',
      );
    }
    throw error;
  }
};
