import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Placement } from '../domain/placement.ts';
import { findPlacement } from '../db/placements.ts';

/** One placement of the tenant, or PLACEMENT_NOT_FOUND (also for another CPAS's placement). */
export const getPlacement = (context: ServiceContext, tenantId: string, id: string): Promise<Placement> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const placement = await findPlacement(tx, tenantId, id);
    if (!placement) throw new DomainError('PLACEMENT_NOT_FOUND', 'not_found', `no placement ${id}`);
    return placement;
  });
