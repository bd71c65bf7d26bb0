import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { addDays } from '../../domain/days.ts';
import type { Position } from '../../domain/position.ts';
import { listPositions, type PositionListQuery } from '../../db/positions.ts';

/**
 * A page of the CPAS's positions, soonest to expire first. `expiringWithinDays` is the notice
 * before expiry: open positions whose expiry day falls within that many days from today.
 */
export const searchPositions = (
  context: ServiceContext,
  tenantId: string,
  query: Omit<PositionListQuery, 'expiringBy'> & { readonly expiringWithinDays?: number | undefined },
): Promise<{ items: Position[]; hasMore: boolean }> => {
  const { expiringWithinDays, ...rest } = query;
  const expiringBy =
    expiringWithinDays === undefined
      ? undefined
      : addDays(belgianDay(context.clock.now()), expiringWithinDays);
  return withTenantTransaction(
    context.pool,
    tenantId,
    (tx) => listPositions(tx, tenantId, { ...rest, expiringBy }),
    {
      readOnly: true,
    },
  );
};
