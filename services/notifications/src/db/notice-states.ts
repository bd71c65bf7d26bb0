import type { Tx } from '@relais/messaging';

/** Locks a notification for taking it (two colleagues at once: one wins). */
export const lockNotice = async (
  tx: Tx,
  id: string,
): Promise<{ id: string; role: string; acknowledgedBy: string | null } | null> => {
  const { rows } = await tx.query<{ id: string; role: string; acknowledgedBy: string | null }>(
    'SELECT id, role, acknowledged_by AS "acknowledgedBy" FROM notices WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows[0] ?? null;
};

/** Records who took a team item. */
export const saveAcknowledgement = async (tx: Tx, id: string, userId: string, at: Date): Promise<void> => {
  await tx.query('UPDATE notices SET acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1', [
    id,
    userId,
    at,
  ]);
};

/**
 * Taking a reminder takes the case: the notification it repeats is taken too (unless a colleague
 * had it), so the next rounds go to the one who took it.
 */
export const acknowledgeRemindedNotice = async (
  tx: Tx,
  id: string,
  userId: string,
  at: Date,
): Promise<void> => {
  await tx.query(
    `UPDATE notices o SET acknowledged_by = $2, acknowledged_at = $3
       FROM notices n JOIN reminders r ON r.id = n.reminder_id
      WHERE n.id = $1 AND o.id = r.notice_id AND o.acknowledged_by IS NULL`,
    [id, userId, at],
  );
};

/** Marks a notification read by a user (the first reading counts). */
export const markRead = async (
  tx: Tx,
  tenantId: string,
  id: string,
  userId: string,
  at: Date,
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `INSERT INTO notice_reads (notice_id, tenant_id, user_id, read_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [id, tenantId, userId, at],
  );
  return (rowCount ?? 0) > 0;
};
