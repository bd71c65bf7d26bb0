import { WorkAccidentReportedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { reportAccident, type ReportAccident, type WorkAccident } from '../domain/accident.ts';
import type { ScheduledVisit } from '../domain/visit.ts';
import { insertAccident } from '../db/accidents.ts';
import { findHost, findSite } from '../db/hosts.ts';
import { findPlacement } from '../db/placements.ts';
import { loadPostAccidentDueDays } from '../db/settings.ts';
import { insertVisit, recordVisitChange } from '../db/visits.ts';
import type { VisitCommandContext } from './change-visit.ts';
import { refreshHostStatus } from './refresh-host-status.ts';
import { entryOf, todayOf } from './support.ts';

/**
 * Records a work accident during a placement, schedules its post-accident visit (due within the
 * CPAS's setting), announces WorkAccidentReported, and derives the host's status again: a severe
 * accident blocks new placements at the host until that visit is done. One transaction.
 */
export const reportWorkAccident = (
  context: ServiceContext,
  command: ReportAccident,
  { by, ...cause }: VisitCommandContext,
): Promise<{ accident: WorkAccident; visit: ScheduledVisit }> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const today = todayOf(context);
    const placement = await findPlacement(tx, command.tenantId, command.placementId);
    const host = placement && (await findHost(tx, command.tenantId, placement.hostEmployerId, true));
    const decided = reportAccident(
      command,
      {
        placement,
        host,
        site: await findSite(tx, command.tenantId, command.siteId),
        today,
        postAccidentDueDays: await loadPostAccidentDueDays(tx, command.tenantId, command.occurredOn),
      },
      by,
      { accident: context.clock.newId(), visit: context.clock.newId() },
    );
    const { accident, visit } = decided;
    await insertVisit(tx, visit);
    await insertAccident(tx, accident, context.clock.now().toISOString());
    await recordVisitChange(
      tx,
      visit,
      { change: 'scheduled', detail: { accidentId: accident.id, dueBy: visit.dueBy } },
      by,
      entryOf(context),
    );
    await context.events.append(tx, WorkAccidentReportedV1, {
      tenantId: accident.tenantId,
      aggregateId: accident.hostEmployerId,
      ...cause,
      data: {
        accidentId: accident.id,
        placementId: accident.placementId,
        hostEmployerId: accident.hostEmployerId,
        siteId: accident.siteId,
        occurredOn: accident.occurredOn,
        severity: accident.severity,
        daysLost: accident.daysLost,
        declaredToInsurer: accident.declaredToInsurer,
        postAccidentVisitId: visit.id,
        postAccidentVisitDueBy: visit.dueBy,
      },
    });
    if (host) await refreshHostStatus(context, tx, host, { ...cause, visitId: visit.id });
    return decided;
  });
