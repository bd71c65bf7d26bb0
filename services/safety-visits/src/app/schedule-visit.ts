import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { Actor } from '../domain/model.ts';
import { scheduleVisit as decide, type ScheduleVisit, type ScheduledVisit } from '../domain/visit.ts';
import { findHost, findSite } from '../db/hosts.ts';
import { insertVisit, recordVisitChange } from '../db/visits.ts';
import { entryOf, todayOf } from './support.ts';

/** Schedules a prevention visit at a site of a host, with its safety officer. */
export const scheduleVisit = (
  context: ServiceContext,
  command: ScheduleVisit,
  by: Actor,
): Promise<ScheduledVisit> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const host = await findHost(tx, command.tenantId, command.hostEmployerId, true);
    const site = await findSite(tx, command.tenantId, command.siteId);
    const visit = decide(command, { host, site, today: todayOf(context) }, by, context.clock.newId());
    await insertVisit(tx, visit);
    await recordVisitChange(
      tx,
      visit,
      {
        change: 'scheduled',
        detail: { scheduledFor: visit.scheduledFor, safetyOfficerId: visit.safetyOfficerId },
      },
      by,
      entryOf(context),
    );
    return visit;
  });
