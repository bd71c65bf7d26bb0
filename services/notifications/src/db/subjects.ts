import type { Tx } from '@relais/messaging';
import type { SubjectRecord } from '../domain/committee.ts';

/** Remembers the person of a record, as an event told it (the first telling holds): whether this was the first. */
export const rememberPerson = async (
  tx: Tx,
  tenantId: string,
  record: SubjectRecord,
  recordId: string,
  personId: string,
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `INSERT INTO subject_persons (tenant_id, record, record_id, person_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [tenantId, record, recordId, personId],
  );
  return (rowCount ?? 0) > 0;
};

/** The person of a record, if an event told it. */
export const personOf = async (tx: Tx, record: SubjectRecord, recordId: string): Promise<string | null> => {
  const { rows } = await tx.query<{ personId: string }>(
    'SELECT person_id AS "personId" FROM subject_persons WHERE record = $1 AND record_id = $2',
    [record, recordId],
  );
  return rows[0]?.personId ?? null;
};

/** The persons of several placements (a blocked host's ongoing placements). */
export const personsOfPlacements = async (tx: Tx, placementIds: readonly string[]): Promise<string[]> => {
  if (placementIds.length === 0) return [];
  const { rows } = await tx.query<{ personId: string }>(
    `SELECT DISTINCT person_id AS "personId" FROM subject_persons
      WHERE record = 'placement' AND record_id = ANY($1::uuid[])`,
    [placementIds],
  );
  return rows.map((r) => r.personId);
};

/** Holds a host employer until the transaction ends ({@link saveHost}, {@link lockHost}). */
const holdHost = (tx: Tx, id: string) =>
  tx.query(`SELECT pg_advisory_xact_lock(hashtext('host:' || $1))`, [id]);

/**
 * Saves a host employer's name (the latest registration wins), holding the host until the
 * transaction ends, as {@link lockHost} does, so the caller can then name what was written
 * without it.
 */
export const saveHost = async (tx: Tx, tenantId: string, id: string, name: string): Promise<void> => {
  await Promise.all([
    holdHost(tx, id),
    tx.query(
      `INSERT INTO host_employers (tenant_id, id, name) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, id) DO UPDATE SET name = $3`,
      [tenantId, id, name],
    ),
  ]);
};

/**
 * A host employer's name, if it was registered, with the host held until the transaction ends.
 * Every handler that words a notice or a sheet with the name reads it so, and the host's
 * registration holds it before it names what was written without it (`saveHost`):
 * a notice written while the host is being registered either sees the name or is seen by the
 * registration, never neither (they come on different topics, in concurrent transactions).
 */
export const lockHost = async (tx: Tx, id: string): Promise<string | null> => {
  // Two statements, not one: a statement's snapshot is taken before it runs, so a read in the
  // statement that waits for the lock would not see the registration it waited for.
  const [, { rows }] = await Promise.all([
    holdHost(tx, id),
    tx.query<{ name: string }>('SELECT name FROM host_employers WHERE id = $1', [id]),
  ]);
  return rows[0]?.name ?? null;
};
