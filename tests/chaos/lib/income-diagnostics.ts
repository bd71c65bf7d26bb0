import pg from 'pg';

/**
 * Up to `limit` reopenings applied out of their person's order (the rows `IncomeLedger`'s
 * `outOfOrder` counts), as lines a person reads: what was applied after what, when, and
 * whether either trial end went through the dead-letter store (set aside, parked, replayed).
 */
export const outOfOrderSample = async (url: string, limit = 5): Promise<string[]> => {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows: exists } = await client.query<{ t: string | null }>(
      "SELECT to_regclass('dead_letters')::text AS t",
    );
    const letterOf = (column: string) =>
      exists[0]?.t
        ? `(SELECT string_agg(d.status || '/' || d.reason, ',') FROM dead_letters d WHERE d.event_id = ${column})`
        : 'NULL::text';
    const { rows } = await client.query<{
      person: string;
      effective: string;
      previous: string;
      created: Date;
      previousCreated: Date;
      letter: string | null;
      previousLetter: string | null;
    }>(
      `SELECT person_id AS person, effective_from::text AS effective, previous::text AS previous,
              created_at AS created, previous_created AS "previousCreated",
              ${letterOf('source_event_id')} AS letter, ${letterOf('previous_event')} AS "previousLetter"
         FROM (SELECT person_id, effective_from, created_at, source_event_id,
                      lag(effective_from) OVER w AS previous, lag(created_at) OVER w AS previous_created,
                      lag(source_event_id) OVER w AS previous_event
                 FROM income_reopenings WINDOW w AS (PARTITION BY tenant_id, person_id ORDER BY created_at)) o
        WHERE previous >= effective_from
        ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map(
      (r) =>
        `person ${r.person}: from ${r.effective} applied at ${r.created.toISOString()} (dead letter: ${r.letter ?? 'none'}), ` +
        `after from ${r.previous} applied at ${r.previousCreated.toISOString()} (dead letter: ${r.previousLetter ?? 'none'})`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
};
