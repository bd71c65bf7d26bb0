import type { Tx } from '@relais/messaging';

/** The three proposals put to the committee after an ended trial. */
export type TrialEndProposalKind =
  'take_note_of_trial_end' | 'reopen_integration_income' | 'continue_isp_follow_up';
/** Where the committee is with a proposal. */
export type ProposalStatus = 'awaiting_committee' | 'approved' | 'refused' | 'amended';

/** A reopening as stored, with its committee proposals. */
export interface ReopeningRecord {
  readonly id: string;
  readonly placementId: string;
  readonly trialPeriodId: string;
  readonly effectiveFrom: string;
  readonly trialOutcome: 'not_conclusive' | 'ended_early';
  readonly proposals: { readonly kind: TrialEndProposalKind; readonly status: ProposalStatus }[];
}

/** A continued ISP follow-up. */
export interface FollowUpRecord {
  readonly id: string;
  readonly placementId: string;
  readonly trialPeriodId: string;
  readonly openedOn: string;
  readonly status: 'open' | 'closed';
  readonly reason: 'trial_not_conclusive' | 'trial_ended_early';
}

/** Whether this trial already led to a reopening (the semantic duplicate check). */
export const reopeningExists = async (tx: Tx, tenantId: string, trialPeriodId: string): Promise<boolean> => {
  const { rowCount } = await tx.query(
    'SELECT 1 FROM income_reopenings WHERE tenant_id = $1 AND trial_period_id = $2',
    [tenantId, trialPeriodId],
  );
  return (rowCount ?? 0) > 0;
};

/** Stores a reopening, its proposals awaiting the committee, and the continued follow-up. */
export const insertReopening = async (
  tx: Tx,
  r: {
    readonly id: string;
    readonly tenantId: string;
    readonly personId: string;
    readonly placementId: string;
    readonly trialPeriodId: string;
    readonly coveragePeriodId: string;
    readonly effectiveFrom: string;
    readonly trialOutcome: 'not_conclusive' | 'ended_early';
    readonly sourceEventId: string;
    readonly proposals: readonly { readonly id: string; readonly kind: string }[];
    readonly followUp: { readonly id: string; readonly openedOn: string };
  },
): Promise<void> => {
  await tx.query(
    `INSERT INTO income_reopenings (id, tenant_id, person_id, placement_id, trial_period_id, coverage_period_id, effective_from, trial_outcome, source_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      r.id,
      r.tenantId,
      r.personId,
      r.placementId,
      r.trialPeriodId,
      r.coveragePeriodId,
      r.effectiveFrom,
      r.trialOutcome,
      r.sourceEventId,
    ],
  );
  for (const p of r.proposals) {
    await tx.query(
      `INSERT INTO committee_proposals (id, tenant_id, reopening_id, kind, status) VALUES ($1, $2, $3, $4, 'awaiting_committee')`,
      [p.id, r.tenantId, r.id, p.kind],
    );
  }
  await tx.query(
    `INSERT INTO isp_follow_ups (id, tenant_id, person_id, placement_id, trial_period_id, opened_on, status, reason, source_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)`,
    [
      r.followUp.id,
      r.tenantId,
      r.personId,
      r.placementId,
      r.trialPeriodId,
      r.followUp.openedOn,
      r.trialOutcome === 'ended_early' ? 'trial_ended_early' : 'trial_not_conclusive',
      r.sourceEventId,
    ],
  );
};

/** The person's reopenings with their proposals, oldest first. */
export const listReopenings = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<ReopeningRecord[]> => {
  const { rows } = await tx.query<ReopeningRecord>(
    `SELECT r.id, r.placement_id AS "placementId", r.trial_period_id AS "trialPeriodId", r.effective_from AS "effectiveFrom",
            r.trial_outcome AS "trialOutcome",
            coalesce(json_agg(json_build_object('kind', p.kind, 'status', p.status) ORDER BY p.kind)
                     FILTER (WHERE p.id IS NOT NULL), '[]') AS proposals
     FROM income_reopenings r LEFT JOIN committee_proposals p ON p.reopening_id = r.id
     WHERE r.tenant_id = $1 AND r.person_id = $2
     GROUP BY r.id ORDER BY r.effective_from, r.created_at`,
    [tenantId, personId],
  );
  return rows;
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
