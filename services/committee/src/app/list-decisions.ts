import type { ServiceContext } from '@relais/service-kit';
import { findSessions } from '../db/sessions.ts';
import { itemsWithDecisions } from '../db/decisions.ts';
import { findItem } from '../db/items.ts';
import { readInTenant } from './common.ts';
import { decisionView } from './views.ts';

/** `GET /decisions`: the decisions about a person, or of a session, newest first. */
export const listDecisions = (
  context: ServiceContext,
  tenantId: string,
  filter: {
    personId?: string | undefined;
    sessionId?: string | undefined;
    status?: 'recorded' | 'signed' | undefined;
  },
) =>
  readInTenant(context, tenantId, async (tx) => {
    const views = [];
    for (const id of await itemsWithDecisions(tx, tenantId, filter)) {
      const item = await findItem(tx, tenantId, id);
      if (!item) continue;
      const sessions = await findSessions(
        tx,
        tenantId,
        item.decisions.map((d) => d.sessionId),
      );
      const names = new Map(
        [...sessions.values()].flatMap((s) => s.members.map((m) => [m.accountId, m.displayName] as const)),
      );
      views.push(
        ...item.decisions
          .filter(
            (d) =>
              (!filter.status || d.status === filter.status) &&
              (!filter.sessionId || d.sessionId === filter.sessionId),
          )
          .map((d) => decisionView(item, d, names)),
      );
    }
    return { items: views.sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)) };
  });
