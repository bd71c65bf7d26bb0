import type { Tx } from '@relais/messaging';
import type { Pool } from 'pg';
import type { EndReason, Placement } from '../domain/placement.ts';

interface PlacementRow {
  id: string;
  tenant_id: string;
  person_id: string;
  host_employer_id: string;
  position_id: string;
  proposal_id: string;
  start_date: string;
  planned_end_date: string;
  weekly_hours: string;
  pay_scale: string;
  status: Placement['status'];
  end_date: string | null;
  end_reason: EndReason | null;
}

const toPlacement = (r: PlacementRow): Placement => {
  const base = {
    id: r.id,
    tenantId: r.tenant_id,
    personId: r.person_id,
    hostEmployerId: r.host_employer_id,
    positionId: r.position_id,
    proposalId: r.proposal_id,
    startDate: r.start_date,
    plannedEndDate: r.planned_end_date,
    weeklyHours: Number(r.weekly_hours),
    payScale: r.pay_scale,
  };
  return r.status === 'ended'
    ? { ...base, status: 'ended', endDate: r.end_date ?? '', endReason: r.end_reason ?? 'completed' }
    : { ...base, status: r.status };
};

const COLUMNS =
  'id, tenant_id, person_id, host_employer_id, position_id, proposal_id, start_date, planned_end_date, weekly_hours, pay_scale, status, end_date, end_reason';

/** One placement of the tenant. */
export const findPlacement = async (
  tx: Tx,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<Placement | undefined> => {
  const { rows } = await tx.query<PlacementRow>(
    `SELECT ${COLUMNS} FROM placements WHERE tenant_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ? toPlacement(rows[0]) : undefined;
};

/** A person's placements, most recent first (their history with the service). */
export const listPlacementsOfPerson = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<Placement[]> => {
  const { rows } = await tx.query<PlacementRow>(
    `SELECT ${COLUMNS} FROM placements WHERE tenant_id = $1 AND person_id = $2 ORDER BY start_date DESC, id`,
    [tenantId, personId],
  );
  return rows.map(toPlacement);
};

/** Stores a newly scheduled contract; returns false if the proposal already has one. */
export const insertPlacement = async (tx: Tx, p: Placement): Promise<boolean> => {
  const result = await tx.query(
    `INSERT INTO placements (id, tenant_id, person_id, host_employer_id, position_id, proposal_id, start_date,
                             planned_end_date, weekly_hours, pay_scale, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (proposal_id) WHERE proposal_id IS NOT NULL DO NOTHING`,
    [
      p.id,
      p.tenantId,
      p.personId,
      p.hostEmployerId,
      p.positionId,
      p.proposalId,
      p.startDate,
      p.plannedEndDate,
      p.weeklyHours,
      p.payScale,
      p.status,
    ],
  );
  return result.rowCount === 1;
};

/** Stores a status change of a placement. */
export const savePlacement = async (tx: Tx, p: Placement): Promise<void> => {
  await tx.query(
    `UPDATE placements SET status = $3, end_date = $4, end_reason = $5, updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND id = $2`,
    [
      p.tenantId,
      p.id,
      p.status,
      p.status === 'ended' ? p.endDate : null,
      p.status === 'ended' ? p.endReason : null,
    ],
  );
};

/**
 * Placements due for a scheduled step (start on the first day, completion after the planned
 * end), across CPAS: identifiers only, read through the platform pool (`context.platformPool`:
 * row-level security lets it read every CPAS, never write). Each is then handled in its own
 * tenant transaction that locks it with SKIP LOCKED, so several instances may run the job at once.
 */
export const listDuePlacements = async (
  platformPool: Pool,
  due: { readonly kind: 'start' | 'complete'; readonly today: string; readonly limit: number },
): Promise<{ id: string; tenantId: string }[]> => {
  const condition =
    due.kind === 'start'
      ? "status = 'scheduled' AND start_date <= $1"
      : "status = 'started' AND planned_end_date < $1";
  const { rows } = await platformPool.query<{ id: string; tenantId: string }>(
    `SELECT id, tenant_id AS "tenantId" FROM placements WHERE ${condition} ORDER BY start_date, id LIMIT $2`,
    [due.today, due.limit],
  );
  return rows;
};

/** Locks one placement unless another transaction holds it (then: undefined, someone else is on it). */
export const lockPlacementIfFree = async (
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<Placement | undefined> => {
  const { rows } = await tx.query<PlacementRow>(
    `SELECT ${COLUMNS} FROM placements WHERE tenant_id = $1 AND id = $2 FOR UPDATE SKIP LOCKED`,
    [tenantId, id],
  );
  return rows[0] ? toPlacement(rows[0]) : undefined;
};

/** Counts a filled opening of a position; the position is filled when every opening is. */
export const countFilledOpening = async (tx: Tx, tenantId: string, positionId: string): Promise<void> => {
  await tx.query(
    `UPDATE positions SET filled = filled + 1,
            status = CASE WHEN filled + 1 >= openings THEN 'filled' ELSE status END,
            updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, positionId],
  );
};
