import type { Tx } from '@relais/messaging';
import type { FollowerRole } from '../domain/notices.ts';

/** A member of staff following a person. */
export interface Follower {
  readonly personId: string;
  readonly userId: string;
  readonly role: FollowerRole;
  readonly followedAt: string;
}

const COLUMNS = `person_id AS "personId", user_id AS "userId", role,
  to_char(followed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "followedAt"`;

/** Adds a follower; false when they followed the person already. */
export const insertFollower = async (
  tx: Tx,
  tenantId: string,
  follower: { personId: string; userId: string; role: FollowerRole; at: Date },
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `INSERT INTO followers (tenant_id, person_id, user_id, role, followed_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [tenantId, follower.personId, follower.userId, follower.role, follower.at],
  );
  return (rowCount ?? 0) > 0;
};

/** Removes a follower; false when they did not follow the person. */
export const deleteFollower = async (tx: Tx, personId: string, userId: string): Promise<boolean> => {
  const { rowCount } = await tx.query('DELETE FROM followers WHERE person_id = $1 AND user_id = $2', [
    personId,
    userId,
  ]);
  return (rowCount ?? 0) > 0;
};

/** One follower of a person. */
export const findFollower = async (tx: Tx, personId: string, userId: string): Promise<Follower | null> => {
  const { rows } = await tx.query<Follower>(
    `SELECT ${COLUMNS} FROM followers WHERE person_id = $1 AND user_id = $2`,
    [personId, userId],
  );
  return rows[0] ?? null;
};

/** The followers of a person, earliest first. */
export const listFollowers = async (tx: Tx, personId: string): Promise<Follower[]> => {
  const { rows } = await tx.query<Follower>(
    `SELECT ${COLUMNS} FROM followers WHERE person_id = $1 ORDER BY followed_at, user_id`,
    [personId],
  );
  return rows;
};

/** The users following any of these persons in a role. */
export const followersIn = async (tx: Tx, personIds: readonly string[], role: string): Promise<string[]> => {
  if (personIds.length === 0) return [];
  const { rows } = await tx.query<{ userId: string }>(
    `SELECT DISTINCT user_id AS "userId" FROM followers WHERE person_id = ANY($1::uuid[]) AND role = $2`,
    [personIds, role],
  );
  return rows.map((r) => r.userId);
};
