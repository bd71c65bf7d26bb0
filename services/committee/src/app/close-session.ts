import type { ServiceContext } from '@relais/service-kit';
import { closeSession as close } from '../domain/sessions.ts';
import { agendaOf } from '../db/items.ts';
import { updateSession } from '../db/sessions.ts';
import { inTenant, requireSession, type CommandMeta } from './common.ts';
import { sessionView } from './sessions-read.ts';

/** The secretary closes a session once every item on it is signed or postponed. */
export const closeSession = (context: ServiceContext, meta: CommandMeta, sessionId: string) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const session = await requireSession(tx, meta.tenantId, sessionId, true);
    const agenda = await agendaOf(tx, meta.tenantId, sessionId);
    const closed = close(
      session,
      agenda.filter((i) => i.status !== 'decided').map((i) => i.id),
    );
    await updateSession(tx, closed);
    return sessionView(closed, agenda.length);
  });
