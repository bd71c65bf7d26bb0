import type { Tx } from '@relais/messaging';
import type { EngagementProposal } from '../domain/engagement.ts';

interface ProposalRow {
  id: string;
  tenant_id: string;
  shortlist_id: string;
  position_id: string;
  candidate_id: string;
  host_employer_id: string;
  start_date: string;
  end_date: string;
  weekly_hours: string;
  pay_scale: string;
  host_deadline: string | null;
  status: EngagementProposal['status'];
  committee_decision_id: string | null;
  decided_on: string | null;
  created_by: string;
}

const toProposal = (r: ProposalRow): EngagementProposal => ({
  id: r.id,
  tenantId: r.tenant_id,
  shortlistId: r.shortlist_id,
  positionId: r.position_id,
  candidateId: r.candidate_id,
  hostEmployerId: r.host_employer_id,
  startDate: r.start_date,
  endDate: r.end_date,
  weeklyHours: Number(r.weekly_hours),
  payScale: r.pay_scale,
  hostDeadline: r.host_deadline,
  status: r.status,
  committeeDecisionId: r.committee_decision_id,
  decidedOn: r.decided_on,
  createdBy: r.created_by,
});

const COLUMNS = `id, tenant_id, shortlist_id, position_id, candidate_id, host_employer_id, start_date, end_date, weekly_hours,
  pay_scale, host_deadline, status, committee_decision_id, decided_on, created_by`;

/** Stores a new proposal; false when the candidate already has one awaiting the committee. */
export const insertProposal = async (tx: Tx, p: EngagementProposal): Promise<boolean> => {
  const result = await tx.query(
    `INSERT INTO engagement_proposals (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (tenant_id, candidate_id) WHERE status = 'awaiting_committee' DO NOTHING`,
    [
      p.id,
      p.tenantId,
      p.shortlistId,
      p.positionId,
      p.candidateId,
      p.hostEmployerId,
      p.startDate,
      p.endDate,
      p.weeklyHours,
      p.payScale,
      p.hostDeadline,
      p.status,
      p.committeeDecisionId,
      p.decidedOn,
      p.createdBy,
    ],
  );
  return result.rowCount === 1;
};

/** Stores the committee's decision on a proposal. */
export const saveProposalDecision = async (tx: Tx, p: EngagementProposal): Promise<void> => {
  await tx.query(
    `UPDATE engagement_proposals SET status = $3, committee_decision_id = $4, decided_on = $5, start_date = $6, end_date = $7,
            weekly_hours = $8 WHERE tenant_id = $1 AND id = $2`,
    [p.tenantId, p.id, p.status, p.committeeDecisionId, p.decidedOn, p.startDate, p.endDate, p.weeklyHours],
  );
};

/** One proposal of the tenant. */
export const findProposal = async (
  tx: Tx,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<EngagementProposal | undefined> => {
  const { rows } = await tx.query<ProposalRow>(
    `SELECT ${COLUMNS} FROM engagement_proposals WHERE tenant_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ? toProposal(rows[0]) : undefined;
};

/** A page of proposals, the nearest host deadline first. */
export const listProposals = async (
  tx: Tx,
  tenantId: string,
  filter: {
    readonly status?: EngagementProposal['status'];
    /** Only proposals awaiting the committee whose host deadline falls on or before this day, or before their start. */
    readonly atRiskOn?: string;
    readonly limit: number;
    readonly offset: number;
  },
): Promise<{ items: EngagementProposal[]; total: number }> => {
  const params: unknown[] = [tenantId];
  let where = 'tenant_id = $1';
  if (filter.status) {
    params.push(filter.status);
    where += ` AND status = $${String(params.length)}`;
  }
  if (filter.atRiskOn) {
    params.push(filter.atRiskOn);
    where += ` AND status = 'awaiting_committee' AND host_deadline IS NOT NULL
               AND (host_deadline <= $${String(params.length)} OR start_date > host_deadline)`;
  }
  const { rows } = await tx.query<ProposalRow & { total: string }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM engagement_proposals WHERE ${where}
     ORDER BY host_deadline NULLS LAST, created_at, id LIMIT $${String(params.length + 1)} OFFSET $${String(params.length + 2)}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: rows.map(toProposal), total: Number(rows[0]?.total ?? 0) };
};
