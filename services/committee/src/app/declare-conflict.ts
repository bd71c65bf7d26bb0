import { DomainError, type ServiceContext } from '@relais/service-kit';
import { insertConflictOfInterest } from '../db/decisions.ts';
import { appendHistory } from '../db/history.ts';
import { inTenant, requireItem, type CommandMeta } from './common.ts';
import { itemDetailIn } from './read-item.ts';

/**
 * A member declares a conflict of interest on an item (the secretary may record it for them):
 * from then on they may not record, vote, dissent or sign on it. A member declares only for
 * themself; declaring twice changes nothing.
 */
export const declareConflict = (
  context: ServiceContext,
  meta: CommandMeta,
  itemId: string,
  cmd: { accountId: string; reason?: string | undefined },
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    if (meta.actor.role === 'committee_member' && cmd.accountId !== meta.actor.id)
      throw new DomainError(
        'DECLARE_FOR_YOURSELF',
        'forbidden',
        'a member declares their own conflicts of interest',
        'accountId',
      );
    const item = await requireItem(tx, meta.tenantId, itemId, true);
    if (item.status === 'decided')
      throw new DomainError('ITEM_ALREADY_DECIDED', 'conflict', `item ${itemId} is decided`);
    const added = await insertConflictOfInterest(tx, {
      tenantId: meta.tenantId,
      itemId,
      accountId: cmd.accountId,
      reason: cmd.reason ?? null,
      declaredBy: meta.actor.id,
      declaredRole: meta.actor.role,
    });
    if (added)
      await appendHistory(tx, {
        tenantId: meta.tenantId,
        itemId,
        kind: 'conflict_of_interest_declared',
        sessionId: item.sessionId,
        actor: meta.actor,
        details: { accountId: cmd.accountId },
      });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, itemId));
  });
