import type { Tx } from '@relais/messaging';
import type { PreventionVisit } from '../domain/prevention-visit.ts';

const SELECT = `SELECT id, tenant_id AS "tenantId", host_employer_id AS "hostEmployerId", kind, scheduled_for AS "scheduledFor",
                       safety_officer_id AS "safetyOfficerId", status
                FROM prevention_visits`;

/** Stores a scheduled visit. */
export const insertVisit = async (tx: Tx, v: PreventionVisit): Promise<void> => {
  await tx.query(
    `INSERT INTO prevention_visits (id, tenant_id, host_employer_id, kind, scheduled_for, safety_officer_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [v.id, v.tenantId, v.hostEmployerId, v.kind, v.scheduledFor, v.safetyOfficerId, v.status],
  );
};

/** One visit of the tenant. */
export const findVisit = async (
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<PreventionVisit | undefined> => {
  const { rows } = await tx.query<PreventionVisit>(`${SELECT} WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
  ]);
  return rows[0];
};

/** The tenant's visits to one host, by date. */
export const listVisitsOfHost = async (
  tx: Tx,
  tenantId: string,
  hostEmployerId: string,
): Promise<PreventionVisit[]> => {
  const { rows } = await tx.query<PreventionVisit>(
    `${SELECT} WHERE tenant_id = $1 AND host_employer_id = $2 ORDER BY scheduled_for, id`,
    [tenantId, hostEmployerId],
  );
  return rows;
};
