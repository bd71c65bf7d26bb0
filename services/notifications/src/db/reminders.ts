import type { Tx } from '@relais/messaging';
import type { Pool } from 'pg';

/** A reminder to write with its first notification. */
export interface NewReminder {
  readonly id: string;
  readonly tenantId: string;
  readonly noticeId: string;
  readonly closingKeys: readonly string[];
  readonly maxRounds: number;
  readonly everyMs: number;
  readonly firstDue: Date;
  readonly createdAt: Date;
}

/** Whether a case is known closed already (its event came before the reminder's). */
export const closedCase = async (tx: Tx, keys: readonly string[]): Promise<string | null> => {
  const { rows } = await tx.query<{ closedBy: string }>(
    'SELECT closed_by AS "closedBy" FROM closed_cases WHERE case_key = ANY($1::text[]) LIMIT 1',
    [keys],
  );
  return rows[0]?.closedBy ?? null;
};

/** Whether every one of the keys is a closed case. */
export const allClosed = async (tx: Tx, keys: readonly string[]): Promise<boolean> => {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM closed_cases WHERE case_key = ANY($1::text[])',
    [keys],
  );
  return (rows[0]?.n ?? 0) === new Set(keys).size;
};

/** The aid-at-risk alerts with an open reminder that wait, among others, on this aid request. */
export const openAlertsWaitingOn = async (
  tx: Tx,
  aidRequestId: string,
): Promise<{ alertId: string; aidRequestIds: string[] }[]> => {
  const { rows } = await tx.query<{ alertId: string; aidRequestIds: string[] }>(
    `SELECT DISTINCT n.subject->>'alertId' AS "alertId", n.subject->'aidRequestIds' AS "aidRequestIds"
       FROM reminders r JOIN notices n ON n.id = r.notice_id
      WHERE r.status = 'open' AND n.kind = 'aid_at_risk' AND n.subject->'aidRequestIds' ? $1`,
    [aidRequestId],
  );
  return rows;
};

/** Writes a reminder: open with its first due time, or resolved at once when its case closed already. */
export const insertReminder = async (
  tx: Tx,
  reminder: NewReminder,
  resolvedBy: string | null,
): Promise<void> => {
  await tx.query(
    `INSERT INTO reminders (id, tenant_id, notice_id, closing_keys, status, max_rounds, every_ms, next_due_at,
       resolved_by, resolved_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      reminder.id,
      reminder.tenantId,
      reminder.noticeId,
      reminder.closingKeys,
      resolvedBy ? 'resolved' : 'open',
      reminder.maxRounds,
      reminder.everyMs,
      resolvedBy ? null : reminder.firstDue,
      resolvedBy,
      resolvedBy ? reminder.createdAt : null,
      reminder.createdAt,
    ],
  );
};

/**
 * Closes cases: remembers them (for reminders not written yet) and resolves the open reminders
 * they close. Returns how many reminders stopped.
 */
export const closeCases = async (
  tx: Tx,
  tenantId: string,
  keys: readonly string[],
  closedBy: string,
  at: Date,
): Promise<number> => {
  if (keys.length === 0) return 0;
  await tx.query(
    `INSERT INTO closed_cases (tenant_id, case_key, closed_by, closed_at)
     SELECT $1, unnest($2::text[]), $3, $4 ON CONFLICT DO NOTHING`,
    [tenantId, keys, closedBy, at],
  );
  const { rowCount } = await tx.query(
    `UPDATE reminders SET status = 'resolved', next_due_at = NULL, resolved_by = $2, resolved_at = $3
      WHERE status = 'open' AND closing_keys && $1::text[]`,
    [keys, closedBy, at],
  );
  return rowCount ?? 0;
};

/** Due reminders across CPAS (platform scope, read only): the job then works in each one's CPAS. */
export const findDueReminders = async (
  platformPool: Pool,
  now: Date,
  limit: number,
): Promise<{ id: string; tenantId: string }[]> => {
  const { rows } = await platformPool.query<{ id: string; tenantId: string }>(
    `SELECT id, tenant_id AS "tenantId" FROM reminders
      WHERE status = 'open' AND next_due_at <= $1 ORDER BY next_due_at LIMIT $2`,
    [now, limit],
  );
  return rows;
};

/** A due reminder, locked; null when another instance has it or it is no longer due. */
export const claimDueReminder = async (
  tx: Tx,
  id: string,
  now: Date,
): Promise<{
  id: string;
  noticeId: string;
  roundsSent: number;
  maxRounds: number;
  everyMs: number;
  closingKeys: string[];
} | null> => {
  const { rows } = await tx.query<{
    id: string;
    noticeId: string;
    roundsSent: number;
    maxRounds: number;
    everyMs: string;
    closingKeys: string[];
  }>(
    `SELECT id, notice_id AS "noticeId", rounds_sent AS "roundsSent", max_rounds AS "maxRounds",
            every_ms AS "everyMs", closing_keys AS "closingKeys"
       FROM reminders WHERE id = $1 AND status = 'open' AND next_due_at <= $2 FOR UPDATE SKIP LOCKED`,
    [id, now],
  );
  const row = rows[0];
  return row ? { ...row, everyMs: Number(row.everyMs) } : null;
};

/** Resolves one reminder whose case is found closed. */
export const resolveReminder = async (tx: Tx, id: string, closedBy: string, at: Date): Promise<void> => {
  await tx.query(
    `UPDATE reminders SET status = 'resolved', next_due_at = NULL, resolved_by = $2, resolved_at = $3 WHERE id = $1`,
    [id, closedBy, at],
  );
};

/** Records a round sent: the next one's due time, or exhausted after the last. */
export const saveRound = async (tx: Tx, id: string, round: number, nextDue: Date | null): Promise<void> => {
  await tx.query(
    `UPDATE reminders SET rounds_sent = $2, next_due_at = $3,
            status = CASE WHEN $3::timestamptz IS NULL THEN 'exhausted' ELSE 'open' END
      WHERE id = $1`,
    [id, round, nextDue],
  );
};
