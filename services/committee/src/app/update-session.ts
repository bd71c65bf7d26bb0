import type { ServiceContext } from '@relais/service-kit';
import type { Session, SessionMember } from '../domain/model.ts';
import { checkPlanned, checkRoster } from '../domain/sessions.ts';
import { agendaOf } from '../db/items.ts';
import { updateSession } from '../db/sessions.ts';
import { inTenant, requireSession, type CommandMeta } from './common.ts';
import { sessionView } from './sessions-read.ts';

type Change = Partial<Pick<Session, 'date' | 'startsAt' | 'location' | 'quorum'>> & {
  readonly members?: readonly SessionMember[];
};

/** The secretary changes a planned session: its day, time, place, quorum, or roster and attendance. */
export const changeSession = (
  context: ServiceContext,
  meta: CommandMeta,
  sessionId: string,
  change: Change,
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const session = await requireSession(tx, meta.tenantId, sessionId, true);
    checkPlanned(session);
    const next: Session = { ...session, ...change };
    checkRoster(next.members, next.quorum);
    await updateSession(tx, next);
    return sessionView(next, (await agendaOf(tx, meta.tenantId, sessionId)).length);
  });
