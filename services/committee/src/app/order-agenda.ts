import type { ServiceContext } from '@relais/service-kit';
import { orderAgenda as order } from '../domain/agenda.ts';
import { agendaOf, renumber } from '../db/items.ts';
import { inTenant, requireSession, type CommandMeta } from './common.ts';
import { readSession } from './sessions-read.ts';

/** The secretary puts the agenda in a new order (every item on it, once). */
export const orderAgenda = async (
  context: ServiceContext,
  meta: CommandMeta,
  sessionId: string,
  itemIds: readonly string[],
) => {
  await inTenant(context, meta.tenantId, async (tx) => {
    const session = await requireSession(tx, meta.tenantId, sessionId, true);
    const agenda = await agendaOf(tx, meta.tenantId, sessionId);
    await renumber(
      tx,
      meta.tenantId,
      sessionId,
      order(
        session,
        agenda.map((i) => i.id),
        itemIds,
      ),
    );
  });
  return readSession(context, meta.tenantId, sessionId);
};
