import { firstRow, runStatement, writeLater, type Statement, type Tx } from '@relais/messaging';
import type { QueryResult } from 'pg';
import type {
  Initiator,
  PlacementEnd,
  TrialEndReasonCode,
  TrialPeriod,
  TrialStatus,
} from '../domain/trial-period.ts';
import type { Actor } from '../domain/model.ts';

interface TrialRow {
  id: string;
  tenant_id: string;
  placement_id: string;
  person_id: string;
  start_date: string;
  settings_id: string;
  length_days: number;
  planned_end_date: string;
  status: TrialStatus;
  outcome: 'conclusive' | 'not_conclusive' | 'ended_early' | null;
  last_worked_day: string | null;
  reason_code: string | null;
  initiated_by: string | null;
  officer_analysis: string | null;
  decided_on: string | null;
  placement_end_day: string | null;
  placement_end_reason: PlacementEnd['reason'] | null;
}

const toTrial = (row: TrialRow): TrialPeriod => {
  const placementEnd =
    row.placement_end_day && row.placement_end_reason
      ? { lastWorkedDay: row.placement_end_day, reason: row.placement_end_reason }
      : null;
  const base = {
    id: row.id,
    tenantId: row.tenant_id,
    placementId: row.placement_id,
    personId: row.person_id,
    startDate: row.start_date,
    settingsId: row.settings_id,
    lengthDays: row.length_days,
    plannedEndDate: row.planned_end_date,
    placementEnd,
  };
  switch (row.status) {
    case 'running':
      return { ...base, status: 'running' };
    case 'closed':
      return {
        ...base,
        status: 'closed',
        placementEnd: placementEnd ?? { lastWorkedDay: '', reason: 'ended_early' },
      };
    case 'passed':
      return {
        ...base,
        status: 'passed',
        decidedOn: row.decided_on ?? '',
        officerAnalysis: row.officer_analysis,
      };
    case 'ended':
      return {
        ...base,
        status: 'ended',
        outcome: row.outcome === 'ended_early' ? 'ended_early' : 'not_conclusive',
        lastWorkedDay: row.last_worked_day ?? '',
        reasonCode: row.reason_code as TrialEndReasonCode,
        initiatedBy: row.initiated_by as Initiator,
        officerAnalysis: row.officer_analysis,
        decidedOn: row.decided_on ?? '',
      };
  }
};

const COLUMNS = `id, tenant_id, placement_id, person_id, start_date, settings_id, length_days, planned_end_date,
  status, outcome, last_worked_day, reason_code, initiated_by, officer_analysis, decided_on, placement_end_day,
  placement_end_reason`;

/** Inserts a newly opened trial; returns false if the placement already has one. */
export const insertTrial = async (tx: Tx, trial: TrialPeriod, openedByEventId: string): Promise<boolean> => {
  const result = await tx.query(
    `INSERT INTO trial_periods (id, tenant_id, placement_id, person_id, start_date, settings_id, length_days,
       planned_end_date, status, opened_by_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'running', $9)
     ON CONFLICT (tenant_id, placement_id) DO NOTHING`,
    [
      trial.id,
      trial.tenantId,
      trial.placementId,
      trial.personId,
      trial.startDate,
      trial.settingsId,
      trial.lengthDays,
      trial.plannedEndDate,
      openedByEventId,
    ],
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
  return trialIn(await runStatement(tx, findTrialStatement(tenantId, id, forUpdate)));
};

/** {@link findTrial}'s statement, for a caller that sends it with BEGIN (see `inlineSql`). */
export const findTrialStatement = (tenantId: string, id: string, forUpdate = false): Statement => ({
  text: `SELECT ${COLUMNS} FROM trial_periods WHERE tenant_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
  values: [tenantId, id],
});

/** The trial a {@link findTrialStatement} answered, if any. */
export const trialIn = (result: QueryResult | undefined): TrialPeriod | undefined =>
  firstRow(result, toTrial);

/** Loads the tenant's trial of a placement, locked. */
export const findTrialOfPlacement = async (
  tx: Tx,
  tenantId: string,
  placementId: string,
): Promise<TrialPeriod | undefined> => {
  const { rows } = await tx.query<TrialRow>(
    `SELECT ${COLUMNS} FROM trial_periods WHERE tenant_id = $1 AND placement_id = $2 FOR UPDATE`,
    [tenantId, placementId],
  );
  return rows[0] ? toTrial(rows[0]) : undefined;
};

/** Filters of the trial list; `after` is the last id of the previous page (ids are time-ordered uuid v7). */
export interface TrialFilter {
  readonly placementId?: string | undefined;
  readonly personId?: string | undefined;
  readonly status?: TrialStatus | undefined;
  readonly after?: string | undefined;
  readonly limit: number;
}

/** A page of the tenant's trials, oldest first; one more row than `limit` tells a next page exists. */
export const searchTrials = async (tx: Tx, tenantId: string, filter: TrialFilter): Promise<TrialPeriod[]> => {
  const { rows } = await tx.query<TrialRow>(
    `SELECT ${COLUMNS} FROM trial_periods
     WHERE tenant_id = $1 AND ($2::uuid IS NULL OR placement_id = $2) AND ($3::uuid IS NULL OR person_id = $3)
       AND ($4::text IS NULL OR status = $4) AND ($5::uuid IS NULL OR id > $5)
     ORDER BY id LIMIT $6`,
    [
      tenantId,
      filter.placementId ?? null,
      filter.personId ?? null,
      filter.status ?? null,
      filter.after ?? null,
      filter.limit + 1,
    ],
  );
  return rows.map(toTrial);
};

/**
 * Stores the decision of a trial that was running and cancels its check-ins still scheduled (a
 * decided trial has none to come), in one statement: a round trip less on recording an outcome.
 */
export const saveDecision = async (tx: Tx, trial: TrialPeriod, by: Actor): Promise<void> => {
  if (trial.status !== 'passed' && trial.status !== 'ended')
    throw new Error('saveDecision needs a decided trial');
  const ended = trial.status === 'ended';
  // Sent without waiting (writeLater): the caller holds the row lock, and the statement itself
  // fails (relais_expect_rows) if the trial was not running, which guards the "decided once" rule
  // if it ever does not; so the deferred rows and the COMMIT go right behind it.
  await writeLater(tx, {
    text: `WITH cancelled AS (
       UPDATE check_ins SET status = 'cancelled', updated_at = clock_timestamp()
        WHERE tenant_id = $1 AND trial_period_id = $2 AND status = 'scheduled'),
     decided AS (
       UPDATE trial_periods
       SET status = $3, outcome = $4, last_worked_day = $5, reason_code = $6, initiated_by = $7, decided_on = $8,
           officer_analysis = $9, decided_by = $10, decided_by_role = $11, updated_at = clock_timestamp()
       WHERE tenant_id = $1 AND id = $2 AND status = 'running' RETURNING 1)
     SELECT relais_expect_rows((SELECT count(*) FROM decided), 1, $12::text)`,
    values: [
      trial.tenantId,
      trial.id,
      trial.status,
      ended ? trial.outcome : 'conclusive',
      ended ? trial.lastWorkedDay : null,
      ended ? trial.reasonCode : null,
      ended ? trial.initiatedBy : null,
      trial.decidedOn,
      trial.officerAnalysis,
      by.id,
      by.role,
      `trial period ${trial.id} was not running when its decision was saved`,
    ],
  });
};

/** Stores the placement's end (and the closure of a trial that was still running). */
export const savePlacementEnd = async (tx: Tx, trial: TrialPeriod, eventId: string): Promise<void> => {
  if (!trial.placementEnd) throw new Error('savePlacementEnd needs a placement end');
  await tx.query(
    `UPDATE trial_periods SET status = $3, placement_end_day = $4, placement_end_reason = $5,
       placement_ended_event_id = $6, updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND id = $2 AND placement_end_day IS NULL`,
    [
      trial.tenantId,
      trial.id,
      trial.status,
      trial.placementEnd.lastWorkedDay,
      trial.placementEnd.reason,
      eventId,
    ],
  );
};
