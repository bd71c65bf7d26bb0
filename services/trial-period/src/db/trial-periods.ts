import type { Tx } from '@relais/messaging';
import type { Initiator, TrialEndReasonCode, TrialPeriod } from '../domain/trial-period.ts';

interface TrialRow {
  id: string;
  tenant_id: string;
  placement_id: string;
  person_id: string;
  start_date: string;
  status: TrialPeriod['status'];
  outcome: 'conclusive' | 'not_conclusive' | 'ended_early' | null;
  last_worked_day: string | null;
  reason_code: string | null;
  initiated_by: string | null;
  decided_on: string | null;
}

const toTrial = (row: TrialRow): TrialPeriod => {
  const base = {
    id: row.id,
    tenantId: row.tenant_id,
    placementId: row.placement_id,
    personId: row.person_id,
    startDate: row.start_date,
  };
  switch (row.status) {
    case 'running':
      return { ...base, status: 'running' };
    case 'passed':
      return { ...base, status: 'passed', decidedOn: row.decided_on ?? '' };
    case 'ended':
      return {
        ...base,
        status: 'ended',
        outcome: row.outcome === 'ended_early' ? 'ended_early' : 'not_conclusive',
        lastWorkedDay: row.last_worked_day ?? '',
        reasonCode: row.reason_code as TrialEndReasonCode,
        initiatedBy: row.initiated_by as Initiator,
        decidedOn: row.decided_on ?? '',
      };
  }
};

const COLUMNS =
  'id, tenant_id, placement_id, person_id, start_date, status, outcome, last_worked_day, reason_code, initiated_by, decided_on';

/** Inserts a newly opened trial; returns false if the placement already has one. */
export const insertTrial = async (tx: Tx, trial: TrialPeriod, openedByEventId: string): Promise<boolean> => {
  const result = await tx.query(
    `INSERT INTO trial_periods (id, tenant_id, placement_id, person_id, start_date, status, opened_by_event_id)
     VALUES ($1, $2, $3, $4, $5, 'running', $6)
     ON CONFLICT (tenant_id, placement_id) DO NOTHING`,
    [trial.id, trial.tenantId, trial.placementId, trial.personId, trial.startDate, openedByEventId],
  );
  return result.rowCount === 1;
};

/** Loads one trial of the tenant, locked for the rest of the transaction when `forUpdate`. */
export const findTrial = async (
  tx: Tx,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<TrialPeriod | undefined> => {
  const { rows } = await tx.query<TrialRow>(
    `SELECT ${COLUMNS} FROM trial_periods WHERE tenant_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ? toTrial(rows[0]) : undefined;
};

/** Lists the tenant's trials of one placement (at most one today). */
export const findTrialsByPlacement = async (
  tx: Tx,
  tenantId: string,
  placementId: string,
): Promise<TrialPeriod[]> => {
  const { rows } = await tx.query<TrialRow>(
    `SELECT ${COLUMNS} FROM trial_periods WHERE tenant_id = $1 AND placement_id = $2`,
    [tenantId, placementId],
  );
  return rows.map(toTrial);
};

/** Stores the decision of a trial that was running. */
export const saveDecision = async (tx: Tx, trial: TrialPeriod): Promise<void> => {
  if (trial.status === 'running') throw new Error('saveDecision needs a decided trial');
  const ended = trial.status === 'ended';
  const { rowCount } = await tx.query(
    `UPDATE trial_periods
     SET status = $3, outcome = $4, last_worked_day = $5, reason_code = $6, initiated_by = $7, decided_on = $8,
         updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND id = $2 AND status = 'running'`,
    [
      trial.tenantId,
      trial.id,
      trial.status,
      ended ? trial.outcome : 'conclusive',
      ended ? trial.lastWorkedDay : null,
      ended ? trial.reasonCode : null,
      ended ? trial.initiatedBy : null,
      trial.decidedOn,
    ],
  );
  // The caller holds the row lock; this guards the "decided once" rule if it ever does not.
  if (rowCount !== 1) throw new Error(`trial period ${trial.id} was not running when its decision was saved`);
};
