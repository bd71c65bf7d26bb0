import { writeDeferred, type Tx } from '@relais/messaging';
import type {
  CorrectionReason,
  EndedOutcome,
  Initiator,
  TrialEndReasonCode,
} from '../domain/trial-period.ts';

/** One outcome record: the decision, or a correction linked to the record it corrects. Never edited. */
export interface OutcomeRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly trialPeriodId: string;
  readonly kind: 'decision' | 'correction';
  readonly correctsRecordId: string | null;
  readonly outcome: 'conclusive' | EndedOutcome['outcome'];
  readonly lastWorkedDay: string | null;
  readonly reasonCode: TrialEndReasonCode | null;
  readonly initiatedBy: Initiator | null;
  readonly officerAnalysis: string | null;
  readonly correctionReason: CorrectionReason | null;
  readonly explanation: string | null;
  readonly recordedOn: string;
  readonly recordedBy: string | null;
  readonly recordedByRole: string | null;
}

/** An outcome record with the person whose trial it is (not stored again: the trial holds it). */
export type OutcomeRecordOfPerson = OutcomeRecord & { readonly personId: string };

const COLUMNS = `id, tenant_id AS "tenantId", trial_period_id AS "trialPeriodId", kind,
  corrects_record_id AS "correctsRecordId", outcome, last_worked_day AS "lastWorkedDay", reason_code AS "reasonCode",
  initiated_by AS "initiatedBy", officer_analysis AS "officerAnalysis", correction_reason AS "correctionReason",
  explanation, recorded_on AS "recordedOn", recorded_by AS "recordedBy", recorded_by_role AS "recordedByRole"`;

/**
 * Appends an outcome record (the trigger refuses any UPDATE or DELETE). Nothing reads it in the
 * transaction that writes it, so it goes with the transaction's other deferred rows (the event's
 * outbox row) in one statement before COMMIT: a round trip less on recording an outcome.
 */
export const insertOutcomeRecord = (tx: Tx, r: OutcomeRecord): Promise<void> =>
  writeDeferred(tx, {
    table: 'trial_outcome_records',
    columns: [
      'id',
      'tenant_id',
      'trial_period_id',
      'kind',
      'corrects_record_id',
      'outcome',
      'last_worked_day',
      'reason_code',
      'initiated_by',
      'officer_analysis',
      'correction_reason',
      'explanation',
      'recorded_on',
      'recorded_by',
      'recorded_by_role',
    ],
    values: [
      r.id,
      r.tenantId,
      r.trialPeriodId,
      r.kind,
      r.correctsRecordId,
      r.outcome,
      r.lastWorkedDay,
      r.reasonCode,
      r.initiatedBy,
      r.officerAnalysis,
      r.correctionReason,
      r.explanation,
      r.recordedOn,
      r.recordedBy,
      r.recordedByRole,
    ],
  });

/** The outcome records of a trial, in the order they were made (the chain of corrections). */
export const listOutcomeRecords = async (
  tx: Tx,
  tenantId: string,
  trialId: string,
): Promise<OutcomeRecord[]> => {
  const { rows } = await tx.query<OutcomeRecord>(
    `SELECT ${COLUMNS} FROM trial_outcome_records WHERE tenant_id = $1 AND trial_period_id = $2
     ORDER BY created_at, id`,
    [tenantId, trialId],
  );
  return rows;
};
