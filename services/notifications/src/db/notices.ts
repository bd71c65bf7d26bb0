import type { Tx } from '@relais/messaging';
import type { NoticeContent, NotifiedRole } from '../domain/notices.ts';

/** A notification to write. */
export interface NewNotice {
  readonly id: string;
  readonly tenantId: string;
  readonly content: NoticeContent;
  readonly role: NotifiedRole;
  readonly personId: string | null;
  readonly dedupeKey: string;
  readonly sourceEventId: string | null;
  readonly reminder: { readonly id: string; readonly round: number } | null;
  readonly createdAt: Date;
  /** A reminder of an item a colleague took stays theirs. */
  readonly acknowledged?: { readonly by: string; readonly at: Date } | undefined;
}

/** Writes a notification unless its fact was told already; true when written. */
export const insertNotice = async (tx: Tx, notice: NewNotice): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `INSERT INTO notices (id, tenant_id, kind, role, person_id, subject, params, dedupe_key,
       source_event_id, reminder_id, reminder_round, created_at, acknowledged_by, acknowledged_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (tenant_id, dedupe_key) DO NOTHING`,
    [
      notice.id,
      notice.tenantId,
      notice.content.kind,
      notice.role,
      notice.personId,
      JSON.stringify(notice.content.subject),
      JSON.stringify(notice.content.params),
      notice.dedupeKey,
      notice.sourceEventId,
      notice.reminder?.id ?? null,
      notice.reminder?.round ?? null,
      notice.createdAt,
      notice.acknowledged?.by ?? null,
      notice.acknowledged?.at ?? null,
    ],
  );
  return (rowCount ?? 0) > 0;
};

/** Addresses a notification to users (the followers of its person). */
export const insertRecipients = async (
  tx: Tx,
  tenantId: string,
  noticeId: string,
  userIds: readonly string[],
): Promise<void> => {
  if (userIds.length === 0) return;
  await tx.query(
    `INSERT INTO notice_recipients (notice_id, tenant_id, user_id)
     SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
    [noticeId, tenantId, userIds],
  );
};

/** A notification given its person after it was told ({@link linkNoticesToPerson}). */
export interface LinkedNotice {
  readonly id: string;
  readonly kind: string;
  readonly role: string;
  readonly createdAt: Date;
}

/**
 * Gives the notifications that named a subject of one of `subjectKinds` by `subjectId`, told
 * before this service knew the subject's person, that person (the column and the subject's
 * `personId`, which the link is made from).
 */
export const linkNoticesToPerson = async (
  tx: Tx,
  tenantId: string,
  subjectKinds: readonly string[],
  subjectId: string,
  personId: string,
): Promise<LinkedNotice[]> => {
  if (subjectKinds.length === 0) return [];
  const { rows } = await tx.query<LinkedNotice>(
    `UPDATE notices SET person_id = $4::uuid, subject = subject || jsonb_build_object('personId', $4::uuid)
      WHERE tenant_id = $1 AND person_id IS NULL AND kind = 'committee_decision'
        AND subject ->> 'subjectId' = $3 AND subject ->> 'subjectKind' = ANY($2::text[])
      RETURNING id, kind, role, created_at AS "createdAt"`,
    [tenantId, subjectKinds, subjectId, personId],
  );
  return rows;
};

/**
 * Gives the notifications about a host employer told before this service knew the host's name
 * that name (their `hostName`, which was null and worded « l'utilisateur »); the number named.
 * Those told with a name keep it: they say what was known when they were told.
 */
export const nameHostInNotices = async (
  tx: Tx,
  tenantId: string,
  hostEmployerId: string,
  name: string,
): Promise<number> => {
  const { rowCount } = await tx.query(
    `UPDATE notices SET params = params || jsonb_build_object('hostName', $3::text)
      WHERE tenant_id = $1 AND subject ->> 'hostEmployerId' = $2
        AND subject ? 'hostEmployerId' AND params ->> 'hostName' IS NULL`,
    [tenantId, hostEmployerId, name],
  );
  return rowCount ?? 0;
};

/** The content of a notification (a reminder repeats it), whoever reads. */
export const loadNoticeContent = async (
  tx: Tx,
  id: string,
): Promise<{
  content: NoticeContent;
  role: NotifiedRole;
  personId: string | null;
  recipients: string[];
  acknowledged: { by: string; at: Date } | null;
} | null> => {
  const { rows } = await tx.query<{
    kind: string;
    subject: unknown;
    params: unknown;
    role: NotifiedRole;
    personId: string | null;
    recipients: string[];
    acknowledgedBy: string | null;
    acknowledgedAt: Date | null;
  }>(
    `SELECT n.kind, n.subject, n.params, n.role, n.person_id AS "personId",
            n.acknowledged_by AS "acknowledgedBy", n.acknowledged_at AS "acknowledgedAt",
            COALESCE(array_agg(r.user_id) FILTER (WHERE r.user_id IS NOT NULL), '{}') AS recipients
       FROM notices n LEFT JOIN notice_recipients r ON r.notice_id = n.id
      WHERE n.id = $1 GROUP BY n.id`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    content: { kind: row.kind, subject: row.subject, params: row.params } as NoticeContent,
    role: row.role,
    personId: row.personId,
    recipients: row.recipients,
    acknowledged:
      row.acknowledgedBy && row.acknowledgedAt ? { by: row.acknowledgedBy, at: row.acknowledgedAt } : null,
  };
};
