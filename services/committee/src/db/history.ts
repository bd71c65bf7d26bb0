import type { Tx } from '@relais/messaging';

/** One line of an item's history. */
export interface HistoryEntry {
  readonly at: string;
  readonly kind: string;
  readonly actorId: string;
  readonly actorRole: string;
  readonly sessionId: string | null;
  readonly details: Record<string, unknown>;
}

/** Appends what happened to an item (never edited: the table refuses it). */
export const appendHistory = async (
  tx: Tx,
  e: {
    tenantId: string;
    itemId: string;
    kind: string;
    sessionId?: string | null;
    actor: { id: string; role: string };
    details?: Record<string, unknown>;
  },
): Promise<void> => {
  await tx.query(
    `INSERT INTO item_history (tenant_id, item_id, kind, session_id, actor_id, actor_role, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      e.tenantId,
      e.itemId,
      e.kind,
      e.sessionId ?? null,
      e.actor.id,
      e.actor.role,
      JSON.stringify(e.details ?? {}),
    ],
  );
};

const SELECT = `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, kind, actor_id AS "actorId",
                       actor_role AS "actorRole", session_id AS "sessionId", details, item_id AS "itemId"
                  FROM item_history`;

export const historyOf = async (tx: Tx, tenantId: string, itemId: string): Promise<HistoryEntry[]> => {
  const { rows } = await tx.query<HistoryEntry>(
    `${SELECT} WHERE tenant_id = $1 AND item_id = $2 ORDER BY seq`,
    [tenantId, itemId],
  );
  return rows;
};

/** How many times each item was postponed. */
export const postponementCounts = async (
  tx: Tx,
  tenantId: string,
  itemIds: readonly string[],
): Promise<Map<string, number>> => {
  const { rows } = await tx.query<{ itemId: string; n: number }>(
    `SELECT item_id AS "itemId", count(*)::int AS n FROM item_history
      WHERE tenant_id = $1 AND item_id = ANY($2::uuid[]) AND kind = 'postponed' GROUP BY item_id`,
    [tenantId, itemIds],
  );
  return new Map(rows.map((r) => [r.itemId, r.n]));
};

/** Items postponed from a session, with the reason, for its minutes. */
export const postponedFrom = async (
  tx: Tx,
  tenantId: string,
  sessionId: string,
): Promise<(HistoryEntry & { itemId: string })[]> => {
  const { rows } = await tx.query<HistoryEntry & { itemId: string }>(
    `${SELECT} WHERE tenant_id = $1 AND session_id = $2 AND kind = 'postponed' ORDER BY seq`,
    [tenantId, sessionId],
  );
  return rows;
};
