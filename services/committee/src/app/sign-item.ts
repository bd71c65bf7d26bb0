import type { ServiceContext } from '@relais/service-kit';
import { signItem as sign } from '../domain/signature.ts';
import { markSigned } from '../db/decisions.ts';
import { appendHistory } from '../db/history.ts';
import { updateItem } from '../db/items.ts';
import { findSessions } from '../db/sessions.ts';
import { inTenant, requireItem, todayOf, type CommandMeta } from './common.ts';
import { emitDecisions } from './emit-decisions.ts';
import { itemDetailIn } from './read-item.ts';
import { itemConflicts, loadViewContext } from './views.ts';

/**
 * A committee member signs the item's recorded decisions: they become final, and each goes to
 * the service that owns its subject as CommitteeDecisionRecorded, in the same transaction.
 */
export const signItem = (
  context: ServiceContext,
  meta: CommandMeta,
  itemId: string,
  cmd: { acknowledgeConflicts: boolean },
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const item = await requireItem(tx, meta.tenantId, itemId, true);
    const sessions = await findSessions(tx, meta.tenantId, [
      ...new Set(item.decisions.map((d) => d.sessionId)),
    ]);
    const ctx = await loadViewContext(tx, meta.tenantId, todayOf(context), [itemId]);
    const { signed, decided } = sign(item, sessions, {
      signer: meta.actor,
      at: context.clock.now().toISOString(),
      acknowledgeConflicts: cmd.acknowledgeConflicts,
      conflictCount: itemConflicts(item, ctx).length,
    });
    for (const d of signed) await markSigned(tx, meta.tenantId, d);
    if (decided && item.status !== 'decided') await updateItem(tx, { ...item, status: 'decided' });
    await emitDecisions(context, tx, item, signed, { correlationId: meta.correlationId });
    await appendHistory(tx, {
      tenantId: meta.tenantId,
      itemId,
      kind: 'signed',
      sessionId: item.sessionId,
      actor: meta.actor,
      details: { decisionIds: signed.map((d) => d.id), acknowledgedConflicts: cmd.acknowledgeConflicts },
    });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, itemId));
  });
