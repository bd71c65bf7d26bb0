import type { Tx } from '@relais/messaging';
import type { Placement } from '../domain/placement.ts';

interface PlacementRow {
  id: string;
  tenant_id: string;
  person_id: string;
  host_employer_id: string;
  start_date: string;
  status: Placement['status'];
  end_date: string | null;
  end_reason: 'trial_not_conclusive' | 'trial_ended_early' | null;
}

const toPlacement = (r: PlacementRow): Placement => {
  const base = {
    id: r.id,
    tenantId: r.tenant_id,
    personId: r.person_id,
    hostEmployerId: r.host_employer_id,
    startDate: r.start_date,
  };
  return r.status === 'started'
    ? { ...base, status: 'started' }
    : {
        ...base,
        status: 'ended',
        endDate: r.end_date ?? '',
        endReason: r.end_reason ?? 'trial_not_conclusive',
      };
};

const COLUMNS = 'id, tenant_id, person_id, host_employer_id, start_date, status, end_date, end_reason';

/** The person's running placement, if any. */
export const findActivePlacementOfPerson = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<Placement | undefined> => {
  const { rows } = await tx.query<PlacementRow>(
    `SELECT ${COLUMNS} FROM placements WHERE tenant_id = $1 AND person_id = $2 AND status = 'started'`,
    [tenantId, personId],
  );
  return rows[0] ? toPlacement(rows[0]) : undefined;
};

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

/** Stores a new placement. */
export const insertPlacement = async (tx: Tx, p: Placement): Promise<void> => {
  await tx.query(
    `INSERT INTO placements (id, tenant_id, person_id, host_employer_id, start_date, status) VALUES ($1, $2, $3, $4, $5, 'started')`,
    [p.id, p.tenantId, p.personId, p.hostEmployerId, p.startDate],
  );
};

/** Stores the end of a placement. */
export const saveEnd = async (tx: Tx, p: Placement): Promise<void> => {
  if (p.status !== 'ended') throw new Error('saveEnd needs an ended placement');
  await tx.query(
    `UPDATE placements SET status = 'ended', end_date = $3, end_reason = $4, updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND id = $2`,
    [p.tenantId, p.id, p.endDate, p.endReason],
  );
};
