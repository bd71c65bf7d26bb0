import type { Tx } from '@relais/messaging';
import type { MatchResult } from '../domain/model.ts';
import type { RejectionReason, SelectionMode, Shortlist, ShortlistEntry } from '../domain/shortlist.ts';

interface ShortlistRow {
  id: string;
  tenant_id: string;
  position_id: string;
  mode: SelectionMode;
  status: Shortlist['status'];
  created_by: string;
}

interface EntryRow {
  candidate_id: string;
  rank: number;
  score: string;
  explanation: MatchResult;
  outcome: ShortlistEntry['outcome'];
  rejection_reason: RejectionReason | null;
}

/** Stores a presented shortlist with its entries. */
export const insertShortlist = async (tx: Tx, s: Shortlist): Promise<void> => {
  await tx.query(
    `INSERT INTO shortlists (id, tenant_id, position_id, mode, status, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
    [s.id, s.tenantId, s.positionId, s.mode, s.status, s.createdBy],
  );
  for (const e of s.entries) {
    await tx.query(
      `INSERT INTO shortlist_entries (shortlist_id, tenant_id, candidate_id, rank, score, explanation, outcome, rejection_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        s.id,
        s.tenantId,
        e.candidateId,
        e.rank,
        e.score,
        JSON.stringify(e.explanation),
        e.outcome,
        e.rejectionReason,
      ],
    );
  }
};

/** One shortlist with its entries, in rank order. */
export const findShortlist = async (
  tx: Tx,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<Shortlist | undefined> => {
  const { rows } = await tx.query<ShortlistRow>(
    `SELECT id, tenant_id, position_id, mode, status, created_by FROM shortlists WHERE tenant_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const entries = await tx.query<EntryRow>(
    `SELECT candidate_id, rank, score, explanation, outcome, rejection_reason FROM shortlist_entries
     WHERE tenant_id = $1 AND shortlist_id = $2 ORDER BY rank`,
    [tenantId, id],
  );
  return {
    id: row.id,
    tenantId: row.tenant_id,
    positionId: row.position_id,
    mode: row.mode,
    status: row.status,
    createdBy: row.created_by,
    entries: entries.rows.map((e) => ({
      candidateId: e.candidate_id,
      rank: e.rank,
      score: Number(e.score),
      explanation: e.explanation,
      outcome: e.outcome,
      rejectionReason: e.rejection_reason,
    })),
  };
};

/** Stores the host's choice. */
export const saveShortlistChoice = async (tx: Tx, s: Shortlist): Promise<void> => {
  await tx.query(
    `UPDATE shortlists SET status = $3, decided_at = clock_timestamp() WHERE tenant_id = $1 AND id = $2`,
    [s.tenantId, s.id, s.status],
  );
  for (const e of s.entries) {
    await tx.query(
      `UPDATE shortlist_entries SET outcome = $4, rejection_reason = $5 WHERE tenant_id = $1 AND shortlist_id = $2 AND candidate_id = $3`,
      [s.tenantId, s.id, e.candidateId, e.outcome, e.rejectionReason],
    );
  }
};
