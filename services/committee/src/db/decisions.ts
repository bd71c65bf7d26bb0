import type { Tx } from '@relais/messaging';
import type { Decision } from '../domain/model.ts';

export const insertDecision = async (tx: Tx, tenantId: string, d: Decision): Promise<void> => {
  await tx.query(
    `INSERT INTO decisions (id, tenant_id, item_id, proposal_id, session_id, status, outcome, reason_code, reason_text,
                            amendments, effective_on, decided_on, vote, dissent, corrects_decision_id, recorded_by,
                            recorded_role, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      d.id,
      tenantId,
      d.itemId,
      d.proposalId,
      d.sessionId,
      d.status,
      d.outcome,
      d.reasonCode,
      d.reasonText,
      d.amendments === null ? null : JSON.stringify(d.amendments),
      d.effectiveOn,
      d.decidedOn,
      JSON.stringify(d.vote),
      JSON.stringify(d.dissent),
      d.correctsDecisionId,
      d.recordedBy.id,
      d.recordedBy.role,
      d.recordedAt,
    ],
  );
};

/** Drops unsigned records (replaced, or discarded by a postponement); the database refuses it for signed ones. */
export const deleteDrafts = async (tx: Tx, tenantId: string, ids: readonly string[]): Promise<void> => {
  if (ids.length === 0) return;
  await tx.query(
    `DELETE FROM decisions WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status = 'recorded'`,
    [tenantId, ids],
  );
};

/** The one change a decision ever gets: its signature. */
export const markSigned = async (tx: Tx, tenantId: string, d: Decision): Promise<void> => {
  await tx.query(
    `UPDATE decisions SET status = 'signed', signed_by = $3, signed_at = $4 WHERE tenant_id = $1 AND id = $2 AND status = 'recorded'`,
    [tenantId, d.id, d.signedBy, d.signedAt],
  );
};

export const insertNotification = async (
  tx: Tx,
  n: { tenantId: string; decisionId: string; notifiedOn: string; channel: string; recordedBy: string },
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `INSERT INTO decision_notifications (decision_id, tenant_id, notified_on, channel, recorded_by)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (decision_id) DO NOTHING`,
    [n.decisionId, n.tenantId, n.notifiedOn, n.channel, n.recordedBy],
  );
  return (rowCount ?? 0) > 0;
};

export const insertConflictOfInterest = async (
  tx: Tx,
  c: {
    tenantId: string;
    itemId: string;
    accountId: string;
    reason: string | null;
    declaredBy: string;
    declaredRole: string;
  },
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `INSERT INTO conflicts_of_interest (item_id, account_id, tenant_id, reason, declared_by, declared_role)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (item_id, account_id) DO NOTHING`,
    [c.itemId, c.accountId, c.tenantId, c.reason, c.declaredBy, c.declaredRole],
  );
  return (rowCount ?? 0) > 0;
};

/** Ids of the items whose decisions match a filter (the person is the item's), newest decisions first. */
export const itemsWithDecisions = async (
  tx: Tx,
  tenantId: string,
  filter: { personId?: string | undefined; sessionId?: string | undefined },
): Promise<string[]> => {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT i.id FROM agenda_items i
      WHERE i.tenant_id = $1 AND ($2::uuid IS NULL OR i.person_id = $2)
        AND EXISTS (SELECT 1 FROM decisions d WHERE d.item_id = i.id AND ($3::uuid IS NULL OR d.session_id = $3))
      ORDER BY (SELECT max(d.recorded_at) FROM decisions d WHERE d.item_id = i.id) DESC LIMIT 500`,
    [tenantId, filter.personId ?? null, filter.sessionId ?? null],
  );
  return rows.map((r) => r.id);
};
