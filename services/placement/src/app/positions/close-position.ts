import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../../domain/model.ts';
import { closePosition as decideClosing, type Position } from '../../domain/position.ts';
import { findPosition, savePositionStatus } from '../../db/positions.ts';

/** The officer closes an open post, with a reason code kept on the position. */
export const closePosition = (
  context: ServiceContext,
  command: { readonly tenantId: string; readonly positionId: string; readonly reason: string },
  by: Actor,
): Promise<Position> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const position = await findPosition(tx, command.tenantId, command.positionId, true);
    if (!position)
      throw new DomainError('POSITION_NOT_FOUND', 'not_found', `no position ${command.positionId}`);
    const closed = decideClosing(position, by);
    await savePositionStatus(tx, closed, command.reason);
    context.logger.info(
      { positionId: closed.id, reason: command.reason, actorRole: by.role },
      'position closed by an officer',
    );
    return closed;
  });
