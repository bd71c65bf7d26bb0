import type { Tx } from '@relais/messaging';
import type { Actor } from '../domain/model.ts';
import type {
  Acknowledgement,
  PreventionVisit,
  VisitKind,
  VisitReport,
  VisitStatus,
} from '../domain/visit.ts';

interface VisitRow {
  id: string;
  tenant_id: string;
  host_employer_id: string;
  site_id: string;
  kind: VisitKind;
  scheduled_for: string;
  due_by: string;
  safety_officer_id: string | null;
  overdue_since: string | null;
  accident_id: string | null;
  version: number;
  status: VisitStatus;
  cancel_reason: string | null;
  completed_on: string | null;
  outcome: VisitReport['outcome'] | null;
  template_id: string | null;
  checklist: VisitReport['checklist'] | null;
  report_summary: string | null;
  acknowledged_on: string | null;
  acknowledged_by_function: string | null;
  acknowledgement_comment: string | null;
}

const COLUMNS = `id, tenant_id, host_employer_id, site_id, kind, scheduled_for, due_by, safety_officer_id, overdue_since,
  accident_id, version, status, cancel_reason, completed_on, outcome, template_id, checklist, report_summary,
  acknowledged_on, acknowledged_by_function, acknowledgement_comment`;

const toVisit = (r: VisitRow): PreventionVisit => {
  const base = {
    id: r.id,
    tenantId: r.tenant_id,
    hostEmployerId: r.host_employer_id,
    siteId: r.site_id,
    kind: r.kind,
    scheduledFor: r.scheduled_for,
    dueBy: r.due_by,
    safetyOfficerId: r.safety_officer_id,
    overdueSince: r.overdue_since,
    accidentId: r.accident_id,
    version: r.version,
  };
  switch (r.status) {
    case 'scheduled':
      return { ...base, status: 'scheduled' };
    case 'cancelled':
      return { ...base, status: 'cancelled', cancelReason: r.cancel_reason ?? '' };
    case 'completed': {
      const acknowledgement: Acknowledgement | null = r.acknowledged_on
        ? {
            acknowledgedOn: r.acknowledged_on,
            byFunction: r.acknowledged_by_function ?? '',
            comment: r.acknowledgement_comment,
          }
        : null;
      return {
        ...base,
        status: 'completed',
        report: {
          completedOn: r.completed_on ?? '',
          outcome: r.outcome ?? 'unfavourable',
          templateId: r.template_id ?? '',
          checklist: r.checklist ?? [],
          summary: r.report_summary,
        },
        acknowledgement,
      };
    }
    default:
      return r.status satisfies never;
  }
};

const params = (v: PreventionVisit) => {
  const report = v.status === 'completed' ? v.report : null;
  const ack = v.status === 'completed' ? v.acknowledgement : null;
  return [
    v.id,
    v.tenantId,
    v.hostEmployerId,
    v.siteId,
    v.kind,
    v.scheduledFor,
    v.dueBy,
    v.safetyOfficerId,
    v.overdueSince,
    v.accidentId,
    v.version,
    v.status,
    v.status === 'cancelled' ? v.cancelReason : null,
    report?.completedOn ?? null,
    report?.outcome ?? null,
    report?.templateId ?? null,
    report ? JSON.stringify(report.checklist) : null,
    report?.summary ?? null,
    ack?.acknowledgedOn ?? null,
    ack?.byFunction ?? null,
    ack?.comment ?? null,
  ];
};

/** Stores a new visit. */
export const insertVisit = async (tx: Tx, v: PreventionVisit): Promise<void> => {
  await tx.query(
    `INSERT INTO prevention_visits (${COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
    params(v),
  );
};

/** Saves a changed visit (optimistic: the row must still be at the previous version). */
export const saveVisit = async (tx: Tx, v: PreventionVisit): Promise<void> => {
  const { rowCount } = await tx.query(
    `UPDATE prevention_visits SET (${COLUMNS}) =
       ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
     WHERE tenant_id = $2 AND id = $1 AND version = $11 - 1`,
    params(v),
  );
  if (rowCount !== 1) throw new Error(`visit ${v.id} changed concurrently`);
};

/** One visit of the tenant; `lock` holds it for a change. */
export const findVisit = async (
  tx: Tx,
  tenantId: string,
  id: string,
  lock = false,
): Promise<PreventionVisit | undefined> => {
  const { rows } = await tx.query<VisitRow>(
    `SELECT ${COLUMNS} FROM prevention_visits WHERE tenant_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] && toVisit(rows[0]);
};

/** Every visit of a host (the facts its status is derived from), by date. */
export const listVisitsOfHost = async (
  tx: Tx,
  tenantId: string,
  hostId: string,
): Promise<PreventionVisit[]> => {
  const { rows } = await tx.query<VisitRow>(
    `SELECT ${COLUMNS} FROM prevention_visits WHERE tenant_id = $1 AND host_employer_id = $2 ORDER BY scheduled_for, id`,
    [tenantId, hostId],
  );
  return rows.map(toVisit);
};

/** Filters of the visit calendar. */
export interface CalendarQuery {
  readonly safetyOfficerId?: string | undefined;
  readonly hostEmployerId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly status?: VisitStatus | undefined;
  readonly overdue?: boolean | undefined;
  readonly after?: { readonly day: string; readonly id: string } | undefined;
  readonly limit: number;
}

/** A page of the calendar of visits, by scheduled day. */
export const listCalendar = async (
  tx: Tx,
  tenantId: string,
  q: CalendarQuery,
): Promise<PreventionVisit[]> => {
  const { rows } = await tx.query<VisitRow>(
    `SELECT ${COLUMNS} FROM prevention_visits
     WHERE tenant_id = $1 AND ($2::uuid IS NULL OR safety_officer_id = $2) AND ($3::uuid IS NULL OR host_employer_id = $3)
       AND ($4::date IS NULL OR scheduled_for >= $4) AND ($5::date IS NULL OR scheduled_for <= $5)
       AND ($6::text IS NULL OR status = $6) AND ($7::boolean IS NULL OR (overdue_since IS NOT NULL) = $7)
       AND ($8::date IS NULL OR (scheduled_for, id) > ($8, $9::uuid))
     ORDER BY scheduled_for, id LIMIT $10`,
    [
      tenantId,
      q.safetyOfficerId ?? null,
      q.hostEmployerId ?? null,
      q.from ?? null,
      q.to ?? null,
      q.status ?? null,
      q.overdue ?? null,
      q.after?.day ?? null,
      q.after?.id ?? null,
      q.limit,
    ],
  );
  return rows.map(toVisit);
};

/** One change of a visit in its history. */
export interface VisitChange {
  readonly change: 'scheduled' | 'rescheduled' | 'cancelled' | 'reported' | 'acknowledged' | 'overdue';
  readonly detail: Record<string, unknown>;
}

/** Appends a change to a visit's history (who, when, why). */
export const recordVisitChange = async (
  tx: Tx,
  visit: Pick<PreventionVisit, 'id' | 'tenantId'>,
  c: VisitChange,
  by: Actor,
  entry: { readonly id: string; readonly at: string },
): Promise<void> => {
  await tx.query(
    `INSERT INTO visit_history (id, tenant_id, visit_id, change, detail, actor_id, actor_role, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.id,
      visit.tenantId,
      visit.id,
      c.change,
      JSON.stringify(c.detail),
      by.role === 'system' ? null : by.id,
      by.role,
      entry.at,
    ],
  );
};

/** A visit's history, oldest first. */
export const listVisitHistory = async (
  tx: Tx,
  tenantId: string,
  visitId: string,
): Promise<(VisitChange & { actorId: string | null; actorRole: string; at: string })[]> => {
  const { rows } = await tx.query<VisitChange & { actorId: string | null; actorRole: string; at: Date }>(
    `SELECT change, detail, actor_id AS "actorId", actor_role AS "actorRole", at FROM visit_history
     WHERE tenant_id = $1 AND visit_id = $2 ORDER BY at, id`,
    [tenantId, visitId],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
};
