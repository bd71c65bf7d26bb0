import { withTenantTransaction, type Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { Actor, SafetyHost } from '../domain/model.ts';
import type { PreventionVisit } from '../domain/visit.ts';
import { findVisit } from '../db/visits.ts';
import { refreshHostStatus } from './refresh-host-status.ts';
import { lockHost, notFound, type Cause } from './support.ts';

/**
 * The frame of every change to an existing visit, in one transaction: the host row locked first
 * (the order every status change takes), the visit read under it, the change applied, the host's
 * status derived again and announced if it moved.
 */
export const changeVisit = <T>(
  context: ServiceContext,
  target: { readonly tenantId: string; readonly visitId: string },
  cause: Cause,
  change: (tx: Tx, visit: PreventionVisit, host: SafetyHost) => Promise<T>,
): Promise<T> =>
  withTenantTransaction(context.pool, target.tenantId, async (tx) => {
    const seen = await findVisit(tx, target.tenantId, target.visitId);
    if (!seen) throw notFound('VISIT_NOT_FOUND', 'prevention visit', target.visitId);
    const host = await lockHost(tx, target.tenantId, seen.hostEmployerId);
    const visit = await findVisit(tx, target.tenantId, target.visitId, true);
    if (!visit) throw notFound('VISIT_NOT_FOUND', 'prevention visit', target.visitId);
    const result = await change(tx, visit, host);
    await refreshHostStatus(context, tx, host, { ...cause, visitId: visit.id });
    return result;
  });

/** Who acts and why, for use cases changing a visit. */
export interface VisitCommandContext extends Cause {
  readonly by: Actor;
}
