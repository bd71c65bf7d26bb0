import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { markActionOverdue } from '../domain/findings.ts';
import { SYSTEM_ACTOR } from '../domain/model.ts';
import { markVisitOverdue } from '../domain/visit.ts';
import { listActions, saveAction } from '../db/findings.ts';
import { lockHostIfFree } from '../db/hosts.ts';
import { hostsWithSomethingDue } from '../db/overdue.ts';
import { listVisitsOfHost, recordVisitChange, saveVisit } from '../db/visits.ts';
import { refreshHostStatus } from '../app/refresh-host-status.ts';
import { entryOf } from '../app/support.ts';

// Bounds each round; a larger backlog takes several rounds.
const BATCH = 200;

const handleHost = (context: ServiceContext, tenantId: string, hostId: string, today: string) =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const host = await lockHostIfFree(tx, tenantId, hostId);
    if (!host) return 0;
    let flagged = 0;
    for (const visit of await listVisitsOfHost(tx, tenantId, hostId)) {
      const late = markVisitOverdue(visit, today);
      if (!late) continue;
      await saveVisit(tx, late);
      await recordVisitChange(
        tx,
        late,
        { change: 'overdue', detail: { dueBy: late.dueBy } },
        SYSTEM_ACTOR,
        entryOf(context),
      );
      flagged += 1;
    }
    for (const action of await listActions(tx, tenantId, { hostId })) {
      const late = markActionOverdue(action, today);
      if (!late) continue;
      await saveAction(tx, late);
      flagged += 1;
    }
    const next = await refreshHostStatus(context, tx, host, {
      correlationId: context.clock.newId(),
      causationId: null,
      visitId: null,
      today,
    });
    return flagged + (next.safetyStatus === host.safetyStatus ? 0 : 1);
  });

/**
 * Flags visits and corrective actions past their deadline and derives the status of their hosts
 * again (visit_overdue, or blocked for a late action on a critical finding), announcing each
 * change. Due work is found across CPAS in the platform scope (read only); each host is then
 * changed in its own CPAS's transaction, under row-level security. Safe with several instances:
 * a host another instance holds is skipped this round.
 * Returns how many visits, actions and statuses it changed.
 */
export const detectOverdue = async (context: ServiceContext, today: string): Promise<number> => {
  let handled = 0;
  for (const { tenantId, hostId } of await hostsWithSomethingDue(context.platformPool, today, BATCH))
    handled += await handleHost(context, tenantId, hostId, today);
  return handled;
};
