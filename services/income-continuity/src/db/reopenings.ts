import { deferredRow, writeDeferred, type Tx } from '@relais/messaging';

/** The proposals put to the committee with a reopening. */
export type ProposalKind =
  | 'take_note_of_trial_end'
  | 'take_note_of_contract_end'
  | 'reopen_integration_income'
  | 'continue_isp_follow_up';
/** Where the committee is with a proposal. */
export type ProposalStatus = 'awaiting_committee' | 'approved' | 'refused' | 'amended';
/** What ended the salary before the reopening. */
export type ReopeningCause = 'trial_not_conclusive' | 'trial_ended_early' | 'contract_ended_early';

/** The committee's recorded decision on a reopening. */
export interface DecisionRecord {
  readonly decisionId: string;
  readonly outcome: 'approved' | 'refused' | 'amended';
  readonly reasonCode: string | null;
  readonly decidedOn: string;
  readonly effectiveFrom: string | null;
  readonly category: string | null;
}

/** A reopening as stored, with its committee proposals and decision. */
export interface ReopeningRecord {
  readonly id: string;
  readonly placementId: string;
  readonly trialPeriodId: string | null;
  readonly coveragePeriodId: string;
  readonly effectiveFrom: string;
  readonly lastWorkedDay: string;
  readonly cause: ReopeningCause;
  /** The trial's (or the end's) reason and the placement officer's analysis, so nobody judges without knowing. */
  readonly reasonCode: string | null;
  readonly initiatedBy: string | null;
  readonly officerAnalysis: string | null;
  readonly proposals: { readonly kind: ProposalKind; readonly status: ProposalStatus }[];
  readonly decision: DecisionRecord | null;
}

/** A continued ISP follow-up. */
export interface FollowUpRecord {
  readonly id: string;
  readonly placementId: string;
  readonly trialPeriodId: string | null;
  readonly openedOn: string;
  readonly status: 'open' | 'closed';
  readonly reason: ReopeningCause;
}

/** Stores a reopening, its proposals awaiting the committee, and the continued follow-up. */
export const insertReopening = async (
  tx: Tx,
  r: {
    readonly id: string;
    readonly tenantId: string;
    readonly personId: string;
    readonly placementId: string;
    readonly trialPeriodId: string | null;
    readonly coveragePeriodId: string;
    readonly effectiveFrom: string;
    readonly lastWorkedDay: string;
    readonly cause: ReopeningCause;
    readonly reasonCode: string | null;
    readonly initiatedBy: string | null;
    readonly officerAnalysis: string | null;
    readonly sourceEventId: string;
    readonly proposals: readonly { readonly id: string; readonly kind: ProposalKind }[];
    readonly followUp: { readonly id: string; readonly openedOn: string };
  },
): Promise<void> => {
  // Rows nothing reads in the transaction that writes them: written with its other deferred
  // rows at its end (a run's with its COMMIT, one INSERT per table for all its events). The
  // proposals' foreign keys are checked at the end of that statement, the reopening before them.
  await writeDeferred(
    tx,
    deferredRow('income_reopenings', {
      id: r.id,
      tenant_id: r.tenantId,
      person_id: r.personId,
      placement_id: r.placementId,
      trial_period_id: r.trialPeriodId,
      coverage_period_id: r.coveragePeriodId,
      effective_from: r.effectiveFrom,
      last_worked_day: r.lastWorkedDay,
      cause: r.cause,
      reason_code: r.reasonCode,
      initiated_by: r.initiatedBy,
      officer_analysis: r.officerAnalysis,
      source_event_id: r.sourceEventId,
    }),
  );
  for (const p of r.proposals)
    await writeDeferred(
      tx,
      deferredRow('committee_proposals', {
        id: p.id,
        tenant_id: r.tenantId,
        reopening_id: r.id,
        kind: p.kind,
        status: 'awaiting_committee',
      }),
    );
  await writeDeferred(
    tx,
    deferredRow('isp_follow_ups', {
      id: r.followUp.id,
      tenant_id: r.tenantId,
      person_id: r.personId,
      placement_id: r.placementId,
      trial_period_id: r.trialPeriodId,
      opened_on: r.followUp.openedOn,
      status: 'open',
      reason: r.cause,
      source_event_id: r.sourceEventId,
    }),
  );
};

const SELECT_REOPENINGS = `
  SELECT r.id, r.person_id AS "personId", r.placement_id AS "placementId", r.trial_period_id AS "trialPeriodId",
         r.coverage_period_id AS "coveragePeriodId", r.effective_from AS "effectiveFrom",
         r.last_worked_day AS "lastWorkedDay", r.cause, r.reason_code AS "reasonCode", r.initiated_by AS "initiatedBy",
         r.officer_analysis AS "officerAnalysis",
         coalesce((SELECT json_agg(json_build_object('kind', p.kind, 'status', p.status) ORDER BY p.kind)
                   FROM committee_proposals p WHERE p.reopening_id = r.id), '[]') AS proposals,
         (SELECT json_build_object('decisionId', d.decision_id, 'outcome', d.outcome, 'reasonCode', d.reason_code,
                                   'decidedOn', d.decided_on, 'effectiveFrom', d.effective_from, 'category', d.category)
          FROM reopening_decisions d WHERE d.reopening_id = r.id) AS decision
  FROM income_reopenings r`;

/** A reopening by id, with the person it concerns. */
export const findReopening = async (
  tx: Tx,
  tenantId: string,
  reopeningId: string,
): Promise<(ReopeningRecord & { readonly personId: string }) | undefined> => {
  const { rows } = await tx.query<ReopeningRecord & { personId: string }>(
    `${SELECT_REOPENINGS} WHERE r.tenant_id = $1 AND r.id = $2`,
    [tenantId, reopeningId],
  );
  return rows[0];
};

/** The person's reopenings with their proposals and decisions, oldest first. */
export const listReopenings = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<ReopeningRecord[]> => {
  const { rows } = await tx.query<ReopeningRecord & { personId?: string }>(
    `${SELECT_REOPENINGS} WHERE r.tenant_id = $1 AND r.person_id = $2 ORDER BY r.effective_from, r.created_at`,
    [tenantId, personId],
  );
  return rows.map(({ personId: _person, ...r }) => r);
};

/** Records the committee's decision and moves the proposals accordingly. */
export const recordDecision = async (
  tx: Tx,
  d: DecisionRecord & {
    readonly tenantId: string;
    readonly reopeningId: string;
    readonly sourceEventId: string;
  },
): Promise<void> => {
  await tx.query(
    `INSERT INTO reopening_decisions (decision_id, tenant_id, reopening_id, outcome, reason_code, decided_on, effective_from, category, source_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      d.decisionId,
      d.tenantId,
      d.reopeningId,
      d.outcome,
      d.reasonCode,
      d.decidedOn,
      d.effectiveFrom,
      d.category,
      d.sourceEventId,
    ],
  );
  // The committee rules on the reopening; taking note of the end and continuing the follow-up
  // stand whatever it decides about the income (an ended trial never counts against a person).
  await tx.query(
    `UPDATE committee_proposals SET status = CASE WHEN kind = 'reopen_integration_income' THEN $3
                                                  ELSE 'approved' END
     WHERE tenant_id = $1 AND reopening_id = $2`,
    [d.tenantId, d.reopeningId, d.outcome],
  );
};

/** Whether this committee decision was already applied (the same fact re-emitted with a new event id). */
export const decisionExists = async (tx: Tx, tenantId: string, decisionId: string): Promise<boolean> => {
  const { rowCount } = await tx.query(
    'SELECT 1 FROM reopening_decisions WHERE tenant_id = $1 AND decision_id = $2',
    [tenantId, decisionId],
  );
  return (rowCount ?? 0) > 0;
};

/** The person's ISP follow-ups, oldest first. */
export const listFollowUps = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<FollowUpRecord[]> => {
  const { rows } = await tx.query<FollowUpRecord>(
    `SELECT id, placement_id AS "placementId", trial_period_id AS "trialPeriodId", opened_on AS "openedOn", status, reason
     FROM isp_follow_ups WHERE tenant_id = $1 AND person_id = $2 ORDER BY opened_on, created_at`,
    [tenantId, personId],
  );
  return rows;
};
