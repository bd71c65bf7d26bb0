import type { Tx } from '@relais/messaging';
import type { WorkAccident } from '../domain/accident.ts';

interface AccidentRow extends Omit<WorkAccident, 'reportedBy'> {
  reportedById: string;
  reportedByRole: WorkAccident['reportedBy']['role'];
}

const SELECT = `SELECT id, tenant_id AS "tenantId", placement_id AS "placementId", person_id AS "personId",
  host_employer_id AS "hostEmployerId",
  site_id AS "siteId", occurred_on AS "occurredOn", description, severity, days_lost AS "daysLost",
  declared_to_insurer AS "declaredToInsurer", post_accident_visit_id AS "postAccidentVisitId",
  reported_by AS "reportedById", reported_by_role AS "reportedByRole" FROM work_accidents`;

const toAccident = ({ reportedById, reportedByRole, ...a }: AccidentRow): WorkAccident => ({
  ...a,
  reportedBy: { id: reportedById, role: reportedByRole },
});

/** Stores an accident. */
export const insertAccident = async (tx: Tx, a: WorkAccident, at: string): Promise<void> => {
  await tx.query(
    `INSERT INTO work_accidents (id, tenant_id, placement_id, person_id, host_employer_id, site_id, occurred_on,
       description, severity, days_lost, declared_to_insurer, post_accident_visit_id, reported_by, reported_by_role,
       reported_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      a.id,
      a.tenantId,
      a.placementId,
      a.personId,
      a.hostEmployerId,
      a.siteId,
      a.occurredOn,
      a.description,
      a.severity,
      a.daysLost,
      a.declaredToInsurer,
      a.postAccidentVisitId,
      a.reportedBy.id,
      a.reportedBy.role,
      at,
    ],
  );
};

/** The accidents at a host, by date. */
export const listAccidentsOfHost = async (
  tx: Tx,
  tenantId: string,
  hostId: string,
): Promise<WorkAccident[]> => {
  const { rows } = await tx.query<AccidentRow>(
    `${SELECT} WHERE tenant_id = $1 AND host_employer_id = $2 ORDER BY occurred_on, id`,
    [tenantId, hostId],
  );
  return rows.map(toAccident);
};

/** One accident of the tenant. */
export const findAccident = async (
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<WorkAccident | undefined> => {
  const { rows } = await tx.query<AccidentRow>(`${SELECT} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0] && toAccident(rows[0]);
};

/** What accident rates are computed from: placements and accidents with their host and sector. */
export interface RateFacts {
  readonly placements: {
    hostEmployerId: string;
    sector: string;
    startDate: string;
    lastWorkedDay: string | null;
  }[];
  readonly accidents: { hostEmployerId: string; sector: string; occurredOn: string; severity: string }[];
  readonly hosts: { id: string; name: string; sector: string }[];
}

/** The placements overlapping a period and the accidents in it, for the tenant (one host or all). */
export const loadRateFacts = async (
  tx: Tx,
  tenantId: string,
  q: { readonly from: string; readonly to: string; readonly hostEmployerId?: string | undefined },
): Promise<RateFacts> => {
  const host = q.hostEmployerId ?? null;
  const placements = await tx.query<RateFacts['placements'][number]>(
    `SELECT p.host_employer_id AS "hostEmployerId", h.sector, p.start_date AS "startDate", p.last_worked_day AS "lastWorkedDay"
     FROM placements p JOIN hosts h ON h.id = p.host_employer_id
     WHERE p.tenant_id = $1 AND ($2::uuid IS NULL OR p.host_employer_id = $2) AND p.start_date <= $4
       AND (p.last_worked_day IS NULL OR p.last_worked_day >= $3)`,
    [tenantId, host, q.from, q.to],
  );
  const accidents = await tx.query<RateFacts['accidents'][number]>(
    `SELECT a.host_employer_id AS "hostEmployerId", h.sector, a.occurred_on AS "occurredOn", a.severity
     FROM work_accidents a JOIN hosts h ON h.id = a.host_employer_id
     WHERE a.tenant_id = $1 AND ($2::uuid IS NULL OR a.host_employer_id = $2) AND a.occurred_on BETWEEN $3 AND $4`,
    [tenantId, host, q.from, q.to],
  );
  const hosts = await tx.query<RateFacts['hosts'][number]>(
    `SELECT id, name, sector FROM hosts WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id = $2)`,
    [tenantId, host],
  );
  return { placements: placements.rows, accidents: accidents.rows, hosts: hosts.rows };
};
