import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { CorrectiveAction, Finding } from '../domain/findings.ts';
import type { PreventionVisit } from '../domain/visit.ts';
import { listActions, listFindings } from '../db/findings.ts';
import { findVisit, listCalendar, listVisitHistory, type CalendarQuery } from '../db/visits.ts';
import { notFound } from './support.ts';

/** A visit with its findings, their actions and its history. */
export interface VisitDetail {
  readonly visit: PreventionVisit;
  readonly findings: readonly (Finding & { readonly actions: readonly CorrectiveAction[] })[];
  readonly history: Awaited<ReturnType<typeof listVisitHistory>>;
}

/** One visit in full, or VISIT_NOT_FOUND (also for another CPAS's visit). */
export const getVisit = (context: ServiceContext, tenantId: string, id: string): Promise<VisitDetail> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const visit = await findVisit(tx, tenantId, id);
      if (!visit) throw notFound('VISIT_NOT_FOUND', 'prevention visit', id);
      const findings = await listFindings(tx, tenantId, { visitId: id });
      const actions = await listActions(tx, tenantId, { hostId: visit.hostEmployerId });
      return {
        visit,
        findings: findings.map((f) => ({ ...f, actions: actions.filter((a) => a.findingId === f.id) })),
        history: await listVisitHistory(tx, tenantId, id),
      };
    },
    { readOnly: true },
  );

/** The calendar of visits (by officer, host, date range, status), one page. */
export const visitCalendar = (
  context: ServiceContext,
  tenantId: string,
  query: CalendarQuery,
): Promise<PreventionVisit[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listCalendar(tx, tenantId, query), {
    readOnly: true,
  });
