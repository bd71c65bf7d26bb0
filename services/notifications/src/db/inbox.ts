import type { Tx } from '@relais/messaging';
import type { NoticeContent, NotifiedRole } from '../domain/notices.ts';

/** A stored notification, as this service reads it for one user. */
export interface NoticeRow {
  readonly id: string;
  readonly content: NoticeContent;
  readonly role: NotifiedRole;
  readonly personId: string | null;
  readonly createdAt: string;
  readonly reminderRound: number | null;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
  readonly addressedToMe: boolean;
  readonly readAt: string | null;
}

/** Who reads: the user and the roles whose team queues they see. */
export interface Reader {
  readonly userId: string;
  readonly roles: readonly string[];
}

/** Which notifications a list shows: mine (addressed to me), my teams' queues, or both. */
export type Scope = 'all' | 'mine' | 'team';

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The reader ($1 user, $2 roles) beside every notification, so every rule names them the same way. */
const READER = '(SELECT $1::uuid AS user_id, $2::text[] AS roles) me CROSS JOIN notices n';

const SELECT = `
  SELECT n.id, n.kind, n.subject, n.params, n.role, n.person_id AS "personId",
         ${ISO('n.created_at')} AS "createdAt", n.reminder_round AS "reminderRound",
         n.acknowledged_by AS "acknowledgedBy", ${ISO('n.acknowledged_at')} AS "acknowledgedAt",
         (r.user_id IS NOT NULL) AS "addressedToMe", ${ISO('rd.read_at')} AS "readAt"
    FROM ${READER}
    LEFT JOIN notice_recipients r ON r.notice_id = n.id AND r.user_id = me.user_id
    LEFT JOIN notice_reads rd ON rd.notice_id = n.id AND rd.user_id = me.user_id`;

// The same rules for lists and counts: a team item stays "unread" for the team until someone takes it.
const IN_SCOPE: Record<Scope, string> = {
  mine: 'r.user_id IS NOT NULL',
  team: 'n.role = ANY(me.roles)',
  all: '(r.user_id IS NOT NULL OR n.role = ANY(me.roles))',
};
const UNREAD: Record<Scope, string> = {
  mine: 'rd.read_at IS NULL AND r.user_id IS NOT NULL',
  team: 'rd.read_at IS NULL AND n.role = ANY(me.roles) AND n.acknowledged_by IS NULL',
  all: 'rd.read_at IS NULL AND (r.user_id IS NOT NULL OR (n.role = ANY(me.roles) AND n.acknowledged_by IS NULL))',
};

type Raw = Omit<NoticeRow, 'content'> & { kind: string; subject: unknown; params: unknown };

const toRow = ({ kind, subject, params, ...rest }: Raw): NoticeRow => ({
  ...rest,
  // Written by this service from a typed draft: the stored shape is the content's.
  content: { kind, subject, params } as NoticeContent,
});

/** A page of the notifications a user sees, newest first (ids are time-ordered UUID v7). */
export const listNotices = async (
  tx: Tx,
  reader: Reader,
  options: { scope: Scope; unread: boolean; beforeId: string | null; limit: number },
): Promise<NoticeRow[]> => {
  const { rows } = await tx.query<Raw>(
    `${SELECT}
      WHERE ${options.unread ? UNREAD[options.scope] : IN_SCOPE[options.scope]}
        AND ($3::uuid IS NULL OR n.id < $3)
      ORDER BY n.id DESC LIMIT $4`,
    [reader.userId, reader.roles, options.beforeId, options.limit],
  );
  return rows.map(toRow);
};

/** Notifications the user sees that came after `afterId` (a stream resuming), oldest first. */
export const listNoticesAfter = async (
  tx: Tx,
  reader: Reader,
  afterId: string,
  limit: number,
): Promise<NoticeRow[]> => {
  const { rows } = await tx.query<Raw>(
    `${SELECT} WHERE ${IN_SCOPE.all} AND n.id > $3 ORDER BY n.id LIMIT $4`,
    [reader.userId, reader.roles, afterId, limit],
  );
  return rows.map(toRow);
};

/** One notification, if the user may see it. */
export const findVisibleNotice = async (tx: Tx, reader: Reader, id: string): Promise<NoticeRow | null> => {
  const { rows } = await tx.query<Raw>(`${SELECT} WHERE ${IN_SCOPE.all} AND n.id = $3`, [
    reader.userId,
    reader.roles,
    id,
  ]);
  return rows[0] ? toRow(rows[0]) : null;
};

/** The user's unread counts: addressed to them, in their teams' queues, and both without double counting. */
export const countUnread = async (
  tx: Tx,
  reader: Reader,
): Promise<{ total: number; mine: number; team: number }> => {
  const { rows } = await tx.query<{ total: number; mine: number; team: number }>(
    `SELECT count(*) FILTER (WHERE ${UNREAD.all})::int AS total,
            count(*) FILTER (WHERE ${UNREAD.mine})::int AS mine,
            count(*) FILTER (WHERE ${UNREAD.team})::int AS team
       FROM ${READER}
       LEFT JOIN notice_recipients r ON r.notice_id = n.id AND r.user_id = me.user_id
       LEFT JOIN notice_reads rd ON rd.notice_id = n.id AND rd.user_id = me.user_id
      WHERE ${IN_SCOPE.all}`,
    [reader.userId, reader.roles],
  );
  return rows[0] ?? { total: 0, mine: 0, team: 0 };
};
