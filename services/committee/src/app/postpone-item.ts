import { DomainError, type ServiceContext } from '@relais/service-kit';
import { postponeItem as postpone } from '../domain/agenda.ts';
import { deleteDrafts } from '../db/decisions.ts';
import { appendHistory } from '../db/history.ts';
import { agendaOf, lastPosition, renumber, updateItem } from '../db/items.ts';
import { inTenant, requireItem, requireSession, type CommandMeta } from './common.ts';
import { itemDetailIn } from './read-item.ts';

/**
 * The secretary postpones an item, with its reason: off its session, back to the pending items
 * or onto another planned session. The history and the minutes show it; the decision deadline
 * keeps running from the request.
 */
export const postponeItem = (
  context: ServiceContext,
  meta: CommandMeta,
  itemId: string,
  cmd: { reason: string; toSessionId?: string | undefined },
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const item = await requireItem(tx, meta.tenantId, itemId, true);
    if (!item.sessionId)
      throw new DomainError('ITEM_NOT_SCHEDULED', 'conflict', `item ${itemId} is not on a session's agenda`);
    const from = await requireSession(tx, meta.tenantId, item.sessionId, true);
    const to = cmd.toSessionId ? await requireSession(tx, meta.tenantId, cmd.toSessionId, true) : null;
    const { item: moved, discardedDecisionIds } = postpone(item, from, to);
    await deleteDrafts(tx, meta.tenantId, discardedDecisionIds);
    const position = to ? (await lastPosition(tx, meta.tenantId, to.id)) + 1 : null;
    await updateItem(tx, { ...item, ...moved, position, summary: item.summary });
    await renumber(
      tx,
      meta.tenantId,
      from.id,
      (await agendaOf(tx, meta.tenantId, from.id)).map((i) => i.id),
    );
    await appendHistory(tx, {
      tenantId: meta.tenantId,
      itemId,
      kind: 'postponed',
      sessionId: from.id,
      actor: meta.actor,
      details: {
        reason: cmd.reason,
        fromSessionDate: from.date,
        toSessionId: to?.id ?? null,
        toSessionDate: to?.date ?? null,
        discardedDecisionIds,
      },
    });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, itemId));
  });
