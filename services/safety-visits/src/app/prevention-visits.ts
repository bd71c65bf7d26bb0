import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import { scheduleVisit, type PreventionVisit, type ScheduleVisit } from '../domain/prevention-visit.ts';
import { findVisit, insertVisit, listVisitsOfHost } from '../db/prevention-visits.ts';

/** Schedules a prevention visit at a host employer. */
export const schedulePreventionVisit = (
  context: ServiceContext,
  command: ScheduleVisit,
): Promise<PreventionVisit> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const visit = scheduleVisit(command, belgianDay(context.clock.now()), context.clock.newId());
    await insertVisit(tx, visit);
    return visit;
  });

/** One visit, or VISIT_NOT_FOUND (also for another CPAS's visit). */
export const getPreventionVisit = (
  context: ServiceContext,
  tenantId: string,
  id: string,
): Promise<PreventionVisit> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const visit = await findVisit(tx, tenantId, id);
    if (!visit) throw new DomainError('VISIT_NOT_FOUND', 'not_found', `no prevention visit ${id}`);
    return visit;
  });

/** The visits to one host. */
export const listPreventionVisits = (
  context: ServiceContext,
  tenantId: string,
  hostEmployerId: string,
): Promise<PreventionVisit[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listVisitsOfHost(tx, tenantId, hostEmployerId));
