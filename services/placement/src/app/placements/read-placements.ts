import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Placement } from '../../domain/placement.ts';
import { findPlacement, listPlacementsOfPerson } from '../../db/placements.ts';

/** One placement of the tenant, or PLACEMENT_NOT_FOUND (also for another CPAS's placement). */
export const getPlacement = (context: ServiceContext, tenantId: string, id: string): Promise<Placement> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) =>
      (await findPlacement(tx, tenantId, id)) ??
      Promise.reject(new DomainError('PLACEMENT_NOT_FOUND', 'not_found', `no placement ${id}`)),
    { readOnly: true },
  );

/** A person's placements, most recent first. */
export const placementsOfPerson = (
  context: ServiceContext,
  tenantId: string,
  personId: string,
): Promise<Placement[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listPlacementsOfPerson(tx, tenantId, personId), {
    readOnly: true,
  });
