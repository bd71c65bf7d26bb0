import type { ServiceContext } from '@relais/service-kit';
import { attendanceOf } from '../domain/sessions.ts';
import type { Session } from '../domain/model.ts';
import { listItems } from '../db/items.ts';
import { listSessions } from '../db/sessions.ts';
import { readInTenant, requireSession, todayOf } from './common.ts';
import { itemSummary, loadViewContext } from './views.ts';

/** A session as the API shows it. */
export const sessionView = (session: Session, itemCount: number) => {
  const { tenantId: _tenant, ...rest } = session;
  return { ...rest, members: [...session.members], attendance: attendanceOf(session), itemCount };
};

/** `GET /sessions`: sessions between two days, soonest first. */
export const listSessionsView = (
  context: ServiceContext,
  tenantId: string,
  filter: { from?: string | undefined; to?: string | undefined; status?: string | undefined },
) =>
  readInTenant(context, tenantId, async (tx) => ({
    items: (await listSessions(tx, tenantId, filter)).map(({ itemCount, ...s }) => sessionView(s, itemCount)),
  }));

/** `GET /sessions/:sessionId`: the session and its agenda in order. */
export const readSession = (context: ServiceContext, tenantId: string, sessionId: string) =>
  readInTenant(context, tenantId, async (tx) => {
    const session = await requireSession(tx, tenantId, sessionId);
    const items = await listItems(tx, tenantId, { sessionId });
    const ctx = await loadViewContext(
      tx,
      tenantId,
      todayOf(context),
      items.map((i) => i.id),
    );
    return { session: sessionView(session, items.length), items: items.map((i) => itemSummary(i, ctx)) };
  });
