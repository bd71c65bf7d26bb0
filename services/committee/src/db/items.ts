import type { Tx } from '@relais/messaging';
import type { AgendaItem, ItemKind, ItemStatus, Proposal, ProposalKind, Subject } from '../domain/model.ts';

const ts = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** An item as stored: the domain's view plus what the read side shows. */
export interface ItemRecord extends AgendaItem {
  readonly caseKey: string | null;
  readonly summary: Record<string, unknown>;
  readonly conflictDetails: readonly { accountId: string; reason: string | null; declaredAt: string }[];
  readonly notifications: readonly { decisionId: string; notifiedOn: string; channel: string }[];
}

const DECISION_JSON = `json_build_object(
  'id', d.id, 'itemId', d.item_id, 'proposalId', d.proposal_id, 'sessionId', d.session_id, 'status', d.status,
  'outcome', d.outcome, 'reasonCode', d.reason_code, 'reasonText', d.reason_text, 'amendments', d.amendments,
  'effectiveOn', d.effective_on, 'decidedOn', d.decided_on, 'vote', d.vote, 'dissent', d.dissent,
  'correctsDecisionId', d.corrects_decision_id,
  'recordedBy', json_build_object('id', d.recorded_by, 'role', d.recorded_role), 'recordedAt', ${ts('d.recorded_at')},
  'signedBy', d.signed_by, 'signedAt', ${ts('d.signed_at')})`;

/** Every item column and its proposals, decisions, conflicts of interest and notifications. */
export const SELECT_ITEMS = `
  SELECT i.id, i.tenant_id AS "tenantId", i.kind, i.status, i.session_id AS "sessionId", i.position,
         i.person_id AS "personId", i.title, i.requested_on AS "requestedOn", i.case_key AS "caseKey", i.summary,
         CASE WHEN i.prepared_by IS NULL THEN NULL ELSE json_build_object(
           'by', json_build_object('id', i.prepared_by, 'role', i.prepared_role), 'at', ${ts('i.prepared_at')},
           'assessment', i.assessment) END AS preparation,
         coalesce((SELECT json_agg(json_build_object('id', p.id, 'kind', p.kind, 'text', p.text,
                     'subject', json_build_object('kind', p.subject_kind, 'id', p.subject_id)) ORDER BY p.position)
                   FROM item_proposals p WHERE p.item_id = i.id), '[]') AS proposals,
         coalesce((SELECT json_agg(${DECISION_JSON} ORDER BY d.recorded_at) FROM decisions d WHERE d.item_id = i.id), '[]')
           AS decisions,
         coalesce((SELECT json_agg(json_build_object('accountId', c.account_id, 'reason', c.reason,
                     'declaredAt', ${ts('c.declared_at')}) ORDER BY c.declared_at)
                   FROM conflicts_of_interest c WHERE c.item_id = i.id), '[]') AS "conflictDetails",
         coalesce((SELECT json_agg(json_build_object('decisionId', n.decision_id, 'notifiedOn', n.notified_on,
                     'channel', n.channel))
                   FROM decision_notifications n JOIN decisions d ON d.id = n.decision_id WHERE d.item_id = i.id), '[]')
           AS notifications
    FROM agenda_items i`;

type Row = Omit<ItemRecord, 'conflictsOfInterest'>;
const toRecord = (row: Row): ItemRecord => ({
  ...row,
  conflictsOfInterest: row.conflictDetails.map((c) => c.accountId),
});

/** One item (locked `FOR UPDATE` when about to change it). */
export const findItem = async (
  tx: Tx,
  tenantId: string,
  itemId: string,
  lock = false,
): Promise<ItemRecord | undefined> => {
  const { rows } = await tx.query<Row>(
    `${SELECT_ITEMS} WHERE i.tenant_id = $1 AND i.id = $2${lock ? ' FOR UPDATE OF i' : ''}`,
    [tenantId, itemId],
  );
  return rows[0] && toRecord(rows[0]);
};

/** The item a decision belongs to. */
export const findItemOfDecision = async (
  tx: Tx,
  tenantId: string,
  decisionId: string,
): Promise<string | undefined> => {
  const { rows } = await tx.query<{ itemId: string }>(
    'SELECT item_id AS "itemId" FROM decisions WHERE tenant_id = $1 AND id = $2',
    [tenantId, decisionId],
  );
  return rows[0]?.itemId;
};

/** Items matching a filter: a session's agenda in its order, else the oldest requests first. */
export const listItems = async (
  tx: Tx,
  tenantId: string,
  filter: {
    status?: ItemStatus | undefined;
    kind?: ItemKind | undefined;
    sessionId?: string | undefined;
    personId?: string | undefined;
    open?: boolean;
  },
): Promise<ItemRecord[]> => {
  const { rows } = await tx.query<Row>(
    `${SELECT_ITEMS}
      WHERE i.tenant_id = $1 AND ($2::text IS NULL OR i.status = $2) AND ($3::text IS NULL OR i.kind = $3)
        AND ($4::uuid IS NULL OR i.session_id = $4) AND ($5::uuid IS NULL OR i.person_id = $5)
        AND (NOT $6 OR i.status <> 'decided')
      ORDER BY i.position NULLS LAST, i.requested_on, i.created_at LIMIT 1000`,
    [
      tenantId,
      filter.status ?? null,
      filter.kind ?? null,
      filter.sessionId ?? null,
      filter.personId ?? null,
      filter.open ?? false,
    ],
  );
  return rows.map(toRecord);
};

/** The open item of a case, locked: where a later event's proposals go. */
export const findOpenItemOfCase = async (
  tx: Tx,
  tenantId: string,
  caseKey: string,
): Promise<ItemRecord | undefined> => {
  const { rows } = await tx.query<Row>(
    `${SELECT_ITEMS} WHERE i.tenant_id = $1 AND i.case_key = $2 AND i.status <> 'decided' FOR UPDATE OF i`,
    [tenantId, caseKey],
  );
  return rows[0] && toRecord(rows[0]);
};

/**
 * Whether this proposal was already put to the committee (a fact re-emitted under a new event
 * id): on an open item, or on any item when `requestedOn` is null. With a day, a decided item
 * only counts if it was requested that day (a host asked again after a refusal is a new request).
 */
export const subjectKnown = async (
  tx: Tx,
  tenantId: string,
  kind: ProposalKind,
  subject: Subject,
  requestedOn: string | null,
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `SELECT 1 FROM item_proposals p JOIN agenda_items i ON i.id = p.item_id
      WHERE p.tenant_id = $1 AND p.kind = $2 AND p.subject_kind = $3 AND p.subject_id = $4
        AND ($5::date IS NULL OR i.status <> 'decided' OR i.requested_on = $5)`,
    [tenantId, kind, subject.kind, subject.id, requestedOn],
  );
  return (rowCount ?? 0) > 0;
};

export const insertItem = async (
  tx: Tx,
  item: {
    id: string;
    tenantId: string;
    kind: ItemKind;
    caseKey: string | null;
    personId: string | null;
    title: string | null;
    requestedOn: string;
    summary: Readonly<Record<string, unknown>>;
    sourceEventId: string | null;
    createdBy: string | null;
  },
): Promise<void> => {
  await tx.query(
    `INSERT INTO agenda_items (id, tenant_id, kind, status, case_key, person_id, title, requested_on, summary, source_event_id, created_by)
     VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10)`,
    [
      item.id,
      item.tenantId,
      item.kind,
      item.caseKey,
      item.personId,
      item.title,
      item.requestedOn,
      JSON.stringify(item.summary),
      item.sourceEventId,
      item.createdBy,
    ],
  );
};

/** Adds proposals after the item's existing ones. */
export const insertProposals = async (
  tx: Tx,
  tenantId: string,
  itemId: string,
  proposals: readonly Omit<Proposal, 'text'>[] | readonly Proposal[],
  startAt: number,
): Promise<void> => {
  let position = startAt;
  for (const p of proposals) {
    position += 1;
    await tx.query(
      `INSERT INTO item_proposals (id, tenant_id, item_id, kind, subject_kind, subject_id, text, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [p.id, tenantId, itemId, p.kind, p.subject.kind, p.subject.id, 'text' in p ? p.text : null, position],
    );
  }
};

/** Replaces a manual item's proposals (before any decision: nothing refers to them yet). */
export const replaceProposals = async (
  tx: Tx,
  tenantId: string,
  itemId: string,
  proposals: readonly Proposal[],
): Promise<void> => {
  await tx.query('DELETE FROM item_proposals WHERE tenant_id = $1 AND item_id = $2', [tenantId, itemId]);
  await insertProposals(tx, tenantId, itemId, proposals, 0);
};

/** Saves where an item stands: status, session, place, kind and what it knows of the case. */
export const updateItem = async (
  tx: Tx,
  item: Pick<ItemRecord, 'id' | 'tenantId' | 'status' | 'sessionId' | 'position' | 'kind' | 'summary'>,
): Promise<void> => {
  await tx.query(
    `UPDATE agenda_items SET status = $3, session_id = $4, position = $5, kind = $6, summary = $7
      WHERE tenant_id = $1 AND id = $2`,
    [
      item.tenantId,
      item.id,
      item.status,
      item.sessionId,
      item.position,
      item.kind,
      JSON.stringify(item.summary),
    ],
  );
};

export const savePreparation = async (tx: Tx, item: AgendaItem): Promise<void> => {
  await tx.query(
    `UPDATE agenda_items SET prepared_by = $3, prepared_role = $4, prepared_at = $5, assessment = $6
      WHERE tenant_id = $1 AND id = $2`,
    [
      item.tenantId,
      item.id,
      item.preparation?.by.id,
      item.preparation?.by.role,
      item.preparation?.at,
      item.preparation?.assessment,
    ],
  );
};

/** The next free place on a session's agenda. */
export const lastPosition = async (tx: Tx, tenantId: string, sessionId: string): Promise<number> => {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT coalesce(max(position), 0)::int AS n FROM agenda_items WHERE tenant_id = $1 AND session_id = $2',
    [tenantId, sessionId],
  );
  return rows[0]?.n ?? 0;
};

/** Numbers a session's agenda 1..n in the given order. */
export const renumber = async (
  tx: Tx,
  tenantId: string,
  sessionId: string,
  itemIds: readonly string[],
): Promise<void> => {
  await tx.query(
    `UPDATE agenda_items i SET position = o.n
       FROM unnest($3::uuid[]) WITH ORDINALITY AS o(id, n)
      WHERE i.tenant_id = $1 AND i.session_id = $2 AND i.id = o.id`,
    [tenantId, sessionId, itemIds],
  );
};

/** The ids on a session's agenda, in order. */
export const agendaOf = async (
  tx: Tx,
  tenantId: string,
  sessionId: string,
): Promise<{ id: string; status: ItemStatus }[]> => {
  const { rows } = await tx.query<{ id: string; status: ItemStatus }>(
    `SELECT id, status FROM agenda_items WHERE tenant_id = $1 AND session_id = $2 ORDER BY position NULLS LAST, created_at`,
    [tenantId, sessionId],
  );
  return rows;
};
