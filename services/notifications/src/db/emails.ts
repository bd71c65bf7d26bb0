import type { Tx } from '@relais/messaging';
import type { Pool } from 'pg';

/** Queues an email per user about a notification (once per notification and user). */
export const queueEmails = async (
  tx: Tx,
  tenantId: string,
  noticeId: string,
  userIds: readonly string[],
  at: Date,
  newId: () => string,
): Promise<void> => {
  for (const userId of userIds)
    await tx.query(
      `INSERT INTO email_deliveries (id, tenant_id, notice_id, user_id, status, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $5) ON CONFLICT (notice_id, user_id) DO NOTHING`,
      [newId(), tenantId, noticeId, userId, at],
    );
};

/** Emails due across CPAS (platform scope, read only). */
export const findDueEmails = async (
  platformPool: Pool,
  now: Date,
  limit: number,
): Promise<{ id: string; tenantId: string }[]> => {
  const { rows } = await platformPool.query<{ id: string; tenantId: string }>(
    `SELECT id, tenant_id AS "tenantId" FROM email_deliveries
      WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
      ORDER BY next_attempt_at LIMIT $2`,
    [now, limit],
  );
  return rows;
};

/** Takes a due email for a while (a lease), counting the attempt; null when another sender has it. */
export const leaseEmail = async (
  tx: Tx,
  id: string,
  now: Date,
  leaseUntil: Date,
): Promise<{ id: string; noticeId: string; userId: string; attempts: number } | null> => {
  const { rows } = await tx.query<{ id: string; noticeId: string; userId: string; attempts: number }>(
    `UPDATE email_deliveries SET lease_until = $3, attempts = attempts + 1
      WHERE id = $1 AND status = 'pending' AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
      RETURNING id, notice_id AS "noticeId", user_id AS "userId", attempts`,
    [id, now, leaseUntil],
  );
  return rows[0] ?? null;
};

/** Records how a send went: sent, retried later, failed for good, or cancelled (opted out since). */
export const settleEmail = async (
  tx: Tx,
  id: string,
  outcome:
    | { status: 'sent'; at: Date }
    | { status: 'pending'; retryAt: Date; error: string }
    | { status: 'failed'; error: string }
    | { status: 'cancelled' },
): Promise<void> => {
  await tx.query(
    `UPDATE email_deliveries
        SET status = $2, lease_until = NULL, sent_at = $3, next_attempt_at = COALESCE($4, next_attempt_at), last_error = $5
      WHERE id = $1`,
    [
      id,
      outcome.status,
      outcome.status === 'sent' ? outcome.at : null,
      outcome.status === 'pending' ? outcome.retryAt : null,
      outcome.status === 'pending' || outcome.status === 'failed' ? outcome.error : null,
    ],
  );
};
