import type { Pool } from 'pg';

/** A generation of the read model and how its building went. */
export interface Generation {
  readonly generation: number;
  readonly status: 'building' | 'active' | 'retired' | 'abandoned';
  readonly consumerGroup: string | null;
  readonly startedAt: string;
  readonly caughtUpAt: string | null;
  readonly eventsRead: number;
  /** Facts older than the topics' retention, carried over from the generation it replaced. */
  readonly factsCarriedOver: number;
  readonly carriedOverBefore: string | null;
  readonly note: string | null;
}

interface Row {
  generation: number;
  status: Generation['status'];
  consumer_group: string | null;
  started_at: Date;
  caught_up_at: Date | null;
  events_read: string;
  facts_carried_over: string;
  carried_over_before: Date | null;
  note: string | null;
}

const toGeneration = (r: Row): Generation => ({
  generation: r.generation,
  status: r.status,
  consumerGroup: r.consumer_group,
  startedAt: r.started_at.toISOString(),
  caughtUpAt: r.caught_up_at?.toISOString() ?? null,
  eventsRead: Number(r.events_read),
  factsCarriedOver: Number(r.facts_carried_over),
  carriedOverBefore: r.carried_over_before?.toISOString() ?? null,
  note: r.note,
});

/** The generations, newest first (the table holds no CPAS data: outside row-level security). */
export const listGenerations = async (pool: Pool): Promise<Generation[]> => {
  const { rows } = await pool.query<Row>(
    'SELECT * FROM read_model_generations ORDER BY generation DESC LIMIT 20',
  );
  return rows.map(toGeneration);
};

/** Opens the next generation for building, or `null` when one is being built already. */
export const openGeneration = async (
  pool: Pool,
  groupPrefix: string,
  requestedBy: string,
  reason: string,
): Promise<Generation | null> => {
  const { rows } = await pool.query<Row>(
    `INSERT INTO read_model_generations (generation, status, consumer_group, requested_by, note)
     SELECT n, 'building', $1 || n::text, $2, $3 FROM (SELECT max(generation) + 1 AS n FROM read_model_generations) next
     ON CONFLICT DO NOTHING RETURNING *`,
    [groupPrefix, requestedBy, reason.slice(0, 500)],
  );
  return rows[0] ? toGeneration(rows[0]) : null;
};

/** Makes a built generation the active one; the previous one is retired. Returns the retired number. */
export const swapGeneration = async (
  pool: Pool,
  generation: number,
  eventsRead: number,
  carried: { readonly facts: number; readonly before: string | null } = { facts: 0, before: null },
): Promise<number | null> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const old = await client.query<{ generation: number }>(
      `UPDATE read_model_generations SET status = 'retired' WHERE status = 'active' RETURNING generation`,
    );
    await client.query(
      `UPDATE read_model_generations SET status = 'active', caught_up_at = clock_timestamp(), events_read = $2,
         facts_carried_over = $3, carried_over_before = $4
       WHERE generation = $1`,
      [generation, eventsRead, carried.facts, carried.before],
    );
    await client.query('COMMIT');
    return old.rows[0]?.generation ?? null;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
};

/** Gives up a generation whose building stopped (a crash, a failure): its rows are deleted after. */
export const abandonGeneration = async (pool: Pool, generation: number, note: string): Promise<void> => {
  await pool.query(
    `UPDATE read_model_generations SET status = 'abandoned', note = $2 WHERE generation = $1 AND status = 'building'`,
    [generation, note.slice(0, 500)],
  );
};
