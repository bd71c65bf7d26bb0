import type { ServiceContext } from '@relais/service-kit';
import { scheduleItem as schedule } from '../domain/agenda.ts';
import { appendHistory } from '../db/history.ts';
import { agendaOf, renumber, updateItem } from '../db/items.ts';
import { inTenant, requireItem, requireSession, todayOf, type CommandMeta } from './common.ts';
import { itemDetailIn } from './read-item.ts';

/** The secretary puts a pending item on a session's agenda, at the end or at a 1-based place. */
export const scheduleItem = (
  context: ServiceContext,
  meta: CommandMeta,
  sessionId: string,
  cmd: { itemId: string; position?: number | undefined },
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const session = await requireSession(tx, meta.tenantId, sessionId, true);
    const item = await requireItem(tx, meta.tenantId, cmd.itemId, true);
    const scheduled = schedule(item, session);
    const agenda = (await agendaOf(tx, meta.tenantId, sessionId)).map((i) => i.id);
    const at = Math.min(cmd.position ?? agenda.length + 1, agenda.length + 1) - 1;
    await updateItem(tx, { ...item, ...scheduled, summary: item.summary });
    await renumber(tx, meta.tenantId, sessionId, [...agenda.slice(0, at), item.id, ...agenda.slice(at)]);
    await appendHistory(tx, {
      tenantId: meta.tenantId,
      itemId: item.id,
      kind: 'scheduled',
      sessionId,
      actor: meta.actor,
      details: { sessionDate: session.date, on: todayOf(context) },
    });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, item.id));
  });
