import type { ServiceContext } from '@relais/service-kit';
import type { CommitteeKind, Session, SessionMember } from '../domain/model.ts';
import { checkRoster } from '../domain/sessions.ts';
import { insertSession } from '../db/sessions.ts';
import { inTenant, type CommandMeta } from './common.ts';
import { sessionView } from './sessions-read.ts';

export interface CreateSession {
  readonly kind: CommitteeKind;
  readonly date: string;
  readonly startsAt: string | null;
  readonly location: string | null;
  readonly quorum: number;
  readonly members: readonly SessionMember[];
}

/** The secretary plans a session of the comité spécial with its members and quorum. */
export const createSession = (context: ServiceContext, meta: CommandMeta, cmd: CreateSession) =>
  inTenant(context, meta.tenantId, async (tx) => {
    checkRoster(cmd.members, cmd.quorum);
    const session: Session = {
      id: context.clock.newId(),
      tenantId: meta.tenantId,
      status: 'planned',
      ...cmd,
    };
    await insertSession(tx, session, meta.actor.id);
    return sessionView(session, 0);
  });
