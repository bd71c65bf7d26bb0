import type { Tx } from '@relais/messaging';
import type { Session } from '../domain/model.ts';

const SELECT = `SELECT id, tenant_id AS "tenantId", kind, session_date AS date, starts_at AS "startsAt", location, quorum,
                       status, members FROM sessions`;

/** A session by id (with `FOR UPDATE` when about to change it or decide in it). */
export const findSession = async (
  tx: Tx,
  tenantId: string,
  sessionId: string,
  lock = false,
): Promise<Session | undefined> => {
  const { rows } = await tx.query<Session>(
    `${SELECT} WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [tenantId, sessionId],
  );
  return rows[0];
};

/** Sessions by ids (the sessions an item's decisions were taken in). */
export const findSessions = async (
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, Session>> => {
  const { rows } = await tx.query<Session>(`${SELECT} WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [
    tenantId,
    ids,
  ]);
  return new Map(rows.map((s) => [s.id, s]));
};

/** Sessions between two days, soonest first, with the number of items on each agenda. */
export const listSessions = async (
  tx: Tx,
  tenantId: string,
  filter: { from?: string | undefined; to?: string | undefined; status?: string | undefined },
): Promise<(Session & { itemCount: number })[]> => {
  const { rows } = await tx.query<Session & { itemCount: number }>(
    `SELECT s.id, s.tenant_id AS "tenantId", s.kind, s.session_date AS date, s.starts_at AS "startsAt", s.location,
            s.quorum, s.status, s.members,
            (SELECT count(*)::int FROM agenda_items i WHERE i.session_id = s.id) AS "itemCount"
       FROM sessions s
      WHERE s.tenant_id = $1 AND ($2::date IS NULL OR s.session_date >= $2) AND ($3::date IS NULL OR s.session_date <= $3)
        AND ($4::text IS NULL OR s.status = $4)
      ORDER BY s.session_date, s.created_at LIMIT 500`,
    [tenantId, filter.from ?? null, filter.to ?? null, filter.status ?? null],
  );
  return rows;
};

export const insertSession = async (tx: Tx, session: Session, createdBy: string): Promise<void> => {
  await tx.query(
    `INSERT INTO sessions (id, tenant_id, kind, session_date, starts_at, location, quorum, status, members, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      session.id,
      session.tenantId,
      session.kind,
      session.date,
      session.startsAt,
      session.location,
      session.quorum,
      session.status,
      JSON.stringify(session.members),
      createdBy,
    ],
  );
};

/** Saves a changed session (details, roster, closure). */
export const updateSession = async (tx: Tx, session: Session): Promise<void> => {
  await tx.query(
    `UPDATE sessions SET session_date = $3, starts_at = $4, location = $5, quorum = $6, status = $7, members = $8,
            closed_at = CASE WHEN $7 = 'closed' THEN clock_timestamp() ELSE closed_at END
      WHERE tenant_id = $1 AND id = $2`,
    [
      session.tenantId,
      session.id,
      session.date,
      session.startsAt,
      session.location,
      session.quorum,
      session.status,
      JSON.stringify(session.members),
    ],
  );
};
