import { deferredRow, firstRow, writeDeferred, type Statement, type Tx } from '@relais/messaging';
import type { QueryResult } from 'pg';
import type { Pool } from 'pg';
import type { EndReason, Milestone, OutcomeCheck, OutcomeRecord } from '../domain/outcomes.ts';

/** A check as stored, with whom and what it is about. */
export interface OutcomeCheckRecord extends OutcomeCheck {
  readonly personId: string;
  readonly placementId: string;
  readonly endReason: EndReason;
}

/** A record as listed: the situation, who recorded it and when. */
export interface OutcomeRecordView extends OutcomeRecord {
  readonly recordedBy: string;
  readonly recordedRole: string;
  readonly recordedAt: string;
}

const CHECK_COLUMNS = `id, person_id AS "personId", placement_id AS "placementId",
  months_after_end::int AS "monthsAfterEnd", last_worked_day AS "lastWorkedDay", end_reason AS "endReason",
  due_on AS "dueOn", status, current_outcome_id AS "currentOutcomeId"`;

const RECORD_COLUMNS = `id, check_id AS "checkId", situation, detail_code AS "detailCode", observed_on AS "observedOn",
  corrects_outcome_id AS "correctsOutcomeId", correction_reason AS "correctionReason",
  recorded_by AS "recordedBy", recorded_role AS "recordedRole", recorded_at AS "recordedAt"`;

type PlacementEndOfChecks = {
  readonly tenantId: string;
  readonly personId: string;
  readonly placementId: string;
  readonly lastWorkedDay: string;
  readonly endReason: EndReason;
  readonly sourceEventId: string;
};
type PlannedCheck = { readonly id: string; readonly monthsAfterEnd: Milestone; readonly dueOn: string };

/** The three checks in one statement; a check the placement has already is kept as it is. */
const insertChecksStatement = (end: PlacementEndOfChecks, checks: readonly PlannedCheck[]): Statement => ({
  text: `INSERT INTO outcome_checks (id, tenant_id, person_id, placement_id, months_after_end, last_worked_day, end_reason,
       due_on, status, source_event_id)
     SELECT c.id, $1, $2, $3, c.months, $4, $5, c.due_on, 'scheduled', $6
       FROM unnest($7::uuid[], $8::int[], $9::date[]) AS c(id, months, due_on)
     ON CONFLICT (tenant_id, placement_id, months_after_end) DO NOTHING`,
  values: [
    end.tenantId,
    end.personId,
    end.placementId,
    end.lastWorkedDay,
    end.endReason,
    end.sourceEventId,
    checks.map((c) => c.id),
    checks.map((c) => c.monthsAfterEnd),
    checks.map((c) => c.dueOn),
  ],
});

/**
 * Writes the checks of an ended placement, once: a second end event for the same placement (a
 * TrialEnded then its PlacementEnded, or a re-emission) adds nothing. Returns how many were new.
 */
export const insertOutcomeChecks = async (
  tx: Tx,
  end: PlacementEndOfChecks,
  checks: readonly PlannedCheck[],
): Promise<number> => {
  const { text, values } = insertChecksStatement(end, checks);
  const { rowCount } = await tx.query(text, [...values]);
  return rowCount ?? 0;
};

/**
 * Writes the checks of a placement that has none (read under the person's lock, with
 * {@link plannedMilestonesStatement}): all of them are new, and nothing reads them in the
 * transaction, so they go with its other deferred rows at its end (a run's with its COMMIT, one
 * INSERT for all its events' checks).
 */
export const sendNewOutcomeChecks = async (
  tx: Tx,
  end: PlacementEndOfChecks,
  checks: readonly PlannedCheck[],
): Promise<void> => {
  for (const c of checks)
    await writeDeferred(
      tx,
      deferredRow(
        'outcome_checks',
        {
          id: c.id,
          tenant_id: end.tenantId,
          person_id: end.personId,
          placement_id: end.placementId,
          months_after_end: c.monthsAfterEnd,
          last_worked_day: end.lastWorkedDay,
          end_reason: end.endReason,
          due_on: c.dueOn,
          status: 'scheduled',
          source_event_id: end.sourceEventId,
        },
        { onConflict: 'ON CONFLICT (tenant_id, placement_id, months_after_end) DO NOTHING' },
      ),
    );
};

/** The milestones (months after the end) the placement already has checks for, for a handler's `atBegin`. */
export const plannedMilestonesStatement = (tenantId: string, placementId: string): Statement => ({
  text: `SELECT coalesce(array_agg(months_after_end::int ORDER BY months_after_end), '{}') AS milestones
     FROM outcome_checks WHERE tenant_id = $1 AND placement_id = $2`,
  values: [tenantId, placementId],
  types: ['uuid', 'uuid'],
});

/** What a {@link plannedMilestonesStatement} answered; undefined when it was not sent. */
export const plannedMilestonesIn = (result: QueryResult | undefined): number[] | undefined =>
  firstRow(result, (row: { milestones: number[] }) => row.milestones);

/** A check of the CPAS, locked for the caller's transaction when `lock`. */
export const findOutcomeCheck = async (
  tx: Tx,
  tenantId: string,
  checkId: string,
  lock = false,
): Promise<OutcomeCheckRecord | undefined> => {
  const { rows } = await tx.query<OutcomeCheckRecord>(
    `SELECT ${CHECK_COLUMNS} FROM outcome_checks WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenantId, checkId],
  );
  return rows[0];
};

/** One record of a situation. */
export const findOutcomeRecord = async (
  tx: Tx,
  tenantId: string,
  outcomeId: string,
): Promise<OutcomeRecordView | undefined> => {
  const { rows } = await tx.query<OutcomeRecordView>(
    `SELECT ${RECORD_COLUMNS} FROM outcome_records WHERE tenant_id = $1 AND id = $2`,
    [tenantId, outcomeId],
  );
  return rows[0];
};

/** Adds a record (never updated) and makes it the check's current one. */
export const saveOutcomeRecord = async (
  tx: Tx,
  tenantId: string,
  record: OutcomeRecord,
  actor: { readonly id: string; readonly role: string },
): Promise<void> => {
  await tx.query(
    `INSERT INTO outcome_records (id, tenant_id, check_id, situation, detail_code, observed_on, corrects_outcome_id,
       correction_reason, recorded_by, recorded_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      record.id,
      tenantId,
      record.checkId,
      record.situation,
      record.detailCode,
      record.observedOn,
      record.correctsOutcomeId,
      record.correctionReason,
      actor.id,
      actor.role,
    ],
  );
  await tx.query(
    `UPDATE outcome_checks SET status = 'recorded', current_outcome_id = $3 WHERE tenant_id = $1 AND id = $2`,
    [tenantId, record.checkId, record.id],
  );
};

/** The checks of a person, oldest end first, each with every record of it in order. */
export const listPersonOutcomeChecks = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<(OutcomeCheckRecord & { readonly records: OutcomeRecordView[] })[]> => {
  const checks = await tx.query<OutcomeCheckRecord>(
    `SELECT ${CHECK_COLUMNS} FROM outcome_checks WHERE tenant_id = $1 AND person_id = $2
      ORDER BY last_worked_day, placement_id, months_after_end`,
    [tenantId, personId],
  );
  const records = await tx.query<OutcomeRecordView>(
    `SELECT ${RECORD_COLUMNS} FROM outcome_records
      WHERE tenant_id = $1 AND check_id = ANY($2::uuid[]) ORDER BY recorded_at, id`,
    [tenantId, checks.rows.map((c) => c.id)],
  );
  return checks.rows.map((c) => ({ ...c, records: records.rows.filter((r) => r.checkId === c.id) }));
};

/** The CPAS's checks without an outcome whose due day is by `dueBy`, the oldest first. */
export const listOpenOutcomeChecks = async (
  tx: Tx,
  tenantId: string,
  dueBy: string,
  limit: number,
): Promise<OutcomeCheckRecord[]> => {
  const { rows } = await tx.query<OutcomeCheckRecord>(
    `SELECT ${CHECK_COLUMNS} FROM outcome_checks WHERE tenant_id = $1 AND status <> 'recorded' AND due_on <= $2
      ORDER BY due_on, id LIMIT $3`,
    [tenantId, dueBy, limit],
  );
  return rows;
};

/** The CPAS with scheduled checks due by `today` (platform scope: the job's search across CPAS). */
export const tenantsWithChecksFallingDue = async (platformPool: Pool, today: string): Promise<string[]> => {
  const { rows } = await platformPool.query<{ tenant_id: string }>(
    `SELECT DISTINCT tenant_id FROM outcome_checks WHERE status = 'scheduled' AND due_on <= $1`,
    [today],
  );
  return rows.map((r) => r.tenant_id);
};

/** Locks up to `limit` of the CPAS's scheduled checks due by `today`; rows another instance holds are skipped. */
export const lockChecksFallingDue = async (
  tx: Tx,
  tenantId: string,
  today: string,
  limit: number,
): Promise<OutcomeCheckRecord[]> => {
  const { rows } = await tx.query<OutcomeCheckRecord>(
    `SELECT ${CHECK_COLUMNS} FROM outcome_checks WHERE tenant_id = $1 AND status = 'scheduled' AND due_on <= $2
      ORDER BY due_on, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [tenantId, today, limit],
  );
  return rows;
};

/** Marks a check as announced due. */
export const markCheckDue = async (tx: Tx, tenantId: string, checkId: string, at: Date): Promise<void> => {
  await tx.query(
    `UPDATE outcome_checks SET status = 'due', due_announced_at = $3 WHERE tenant_id = $1 AND id = $2`,
    [tenantId, checkId, at],
  );
};
