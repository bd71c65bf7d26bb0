import type { Tx } from '@relais/messaging';
import type { Fact } from '../domain/facts.ts';

const INSERT = `INSERT INTO facts (generation, event_id, tenant_id, person_id, event_type, event_version, occurred_at, data)`;

/**
 * Stores a fact in every generation the live consumer feeds — the active one and the one being
 * rebuilt — so nothing produced during a rebuild is missed by the generation that replaces the
 * active one. The key (generation, event id) absorbs a fact already read by the rebuild.
 */
export const storeLiveFact = async (tx: Tx, tenantId: string, fact: Fact): Promise<void> => {
  await tx.query(
    `${INSERT} SELECT g.generation, $1, $2, $3, $4, $5, $6, $7 FROM read_model_generations g
     WHERE g.status IN ('active', 'building') ON CONFLICT DO NOTHING`,
    [fact.eventId, tenantId, fact.personId, fact.type, fact.version, fact.occurredAt, fact.data],
  );
};

/** Stores a fact in one generation (the rebuild's). */
export const storeFact = async (tx: Tx, generation: number, tenantId: string, fact: Fact): Promise<void> => {
  await tx.query(`${INSERT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`, [
    generation,
    fact.eventId,
    tenantId,
    fact.personId,
    fact.type,
    fact.version,
    fact.occurredAt,
    fact.data,
  ]);
};

interface FactRow {
  event_id: string;
  event_type: string;
  event_version: number;
  occurred_at: Date;
  person_id: string | null;
  data: Record<string, unknown>;
}

const toFact = (row: FactRow): Fact => ({
  eventId: row.event_id,
  type: row.event_type,
  version: row.event_version,
  occurredAt: row.occurred_at.toISOString(),
  personId: row.person_id,
  data: row.data,
});

const ACTIVE = `(SELECT generation FROM read_model_generations WHERE status = 'active')`;

/** Every fact of the CPAS set on the transaction, in the active generation. */
export const loadFacts = async (tx: Tx): Promise<Fact[]> => {
  const { rows } = await tx.query<FactRow>(
    `SELECT event_id, event_type, event_version, occurred_at, person_id, data FROM facts
     WHERE generation = ${ACTIVE} ORDER BY occurred_at, event_id`,
  );
  return rows.map(toFact);
};

/**
 * A person's facts and the committee decisions on their subjects (v1 decisions name no person:
 * they are linked through the placement, proposal, trial or reopening they decide on).
 */
export const loadPersonFacts = async (tx: Tx, personId: string): Promise<Fact[]> => {
  const { rows } = await tx.query<FactRow>(
    `WITH own AS (
       SELECT * FROM facts WHERE generation = ${ACTIVE} AND person_id = $1
     ), ids AS (
       SELECT DISTINCT v FROM own, LATERAL (VALUES (data->>'placementId'), (data->>'proposalId'),
         (data->>'trialPeriodId'), (data->>'reopeningId')) AS x(v) WHERE v IS NOT NULL
     )
     SELECT event_id, event_type, event_version, occurred_at, person_id, data FROM own
     UNION
     SELECT f.event_id, f.event_type, f.event_version, f.occurred_at, f.person_id, f.data FROM facts f
      WHERE f.generation = ${ACTIVE} AND f.person_id IS NULL AND f.event_type = 'CommitteeDecisionRecorded'
        AND f.data->'subject'->>'id' IN (SELECT v FROM ids)
     ORDER BY occurred_at, event_id`,
    [personId],
  );
  return rows.map(toFact);
};

/**
 * Copies into `generation` the facts of the active generation that happened before `before`
 * (those the topics' retention deleted), for the CPAS set on the transaction; a fact the rebuild
 * read again from the topics is kept as read. Returns how many were copied.
 */
export const carryOverFacts = async (tx: Tx, generation: number, before: string): Promise<number> => {
  const { rowCount } = await tx.query(
    `${INSERT} SELECT $1, event_id, tenant_id, person_id, event_type, event_version, occurred_at, data
     FROM facts WHERE generation = ${ACTIVE} AND occurred_at < $2 ON CONFLICT DO NOTHING`,
    [generation, before],
  );
  return rowCount ?? 0;
};
