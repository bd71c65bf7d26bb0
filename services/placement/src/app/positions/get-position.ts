import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Position } from '../../domain/position.ts';
import { findPosition } from '../../db/positions.ts';

/** One position of the CPAS, or POSITION_NOT_FOUND (also for another CPAS's position). */
export const getPosition = (context: ServiceContext, tenantId: string, id: string): Promise<Position> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const position = await findPosition(tx, tenantId, id);
      if (!position) throw new DomainError('POSITION_NOT_FOUND', 'not_found', `no position ${id}`);
      return position;
    },
    { readOnly: true },
  );
