import type { Tx } from '@relais/messaging';
import type { KnownPlacement } from '../domain/model.ts';

const SELECT = `SELECT id, tenant_id AS "tenantId", person_id AS "personId", host_employer_id AS "hostEmployerId",
  start_date AS "startDate",
  last_worked_day AS "lastWorkedDay" FROM placements`;

/** Records a started placement (idempotent: the same start twice changes nothing). */
export const insertPlacement = async (tx: Tx, p: KnownPlacement): Promise<void> => {
  await tx.query(
    `INSERT INTO placements (id, tenant_id, person_id, host_employer_id, start_date, last_worked_day)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [p.id, p.tenantId, p.personId, p.hostEmployerId, p.startDate, p.lastWorkedDay],
  );
};

/** Records a placement's last worked day; false when the placement is unknown here. */
export const endPlacement = async (
  tx: Tx,
  tenantId: string,
  id: string,
  lastWorkedDay: string,
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `UPDATE placements SET last_worked_day = $3 WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, lastWorkedDay],
  );
  return rowCount === 1;
};

/** One placement of the tenant. */
export const findPlacement = async (
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<KnownPlacement | undefined> => {
  const { rows } = await tx.query<KnownPlacement>(`${SELECT} WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
  ]);
  return rows[0];
};

/** The placements at a host still running on `today`, by start. */
export const ongoingPlacementIds = async (
  tx: Tx,
  tenantId: string,
  hostId: string,
  today: string,
): Promise<string[]> => {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM placements WHERE tenant_id = $1 AND host_employer_id = $2 AND start_date <= $3
       AND (last_worked_day IS NULL OR last_worked_day >= $3) ORDER BY start_date, id`,
    [tenantId, hostId, today],
  );
  return rows.map((r) => r.id);
};
