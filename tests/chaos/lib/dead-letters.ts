import pg from 'pg';

/** What a service's dead-letter store holds (table `dead_letters` of the messaging migrations). */
export interface DeadLetterSummary {
  /** Every row, whatever became of it. */
  readonly total: number;
  /** Rows still waiting for someone (status `parked` or `held`). */
  readonly open: number;
  /** Rows by `status/reason[/code]` (the handler's error code when it gave one), for the log. */
  readonly byStatus: Readonly<Record<string, number>>;
}

/** Reads the dead-letter store of the database at `url` (all zero when it has no such table). */
export const deadLetterSummary = async (url: string): Promise<DeadLetterSummary> => {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows: exists } = await client.query<{ t: string | null }>(
      "SELECT to_regclass('dead_letters')::text AS t",
    );
    if (!exists[0]?.t) return { total: 0, open: 0, byStatus: {} };
    const { rows } = await client.query<{ status: string; reason: string; code: string | null; n: number }>(
      `SELECT status, reason, detail->>'code' AS code, count(*)::int AS n FROM dead_letters
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    const byStatus: Record<string, number> = {};
    for (const r of rows) byStatus[[r.status, r.reason, ...(r.code ? [r.code] : [])].join('/')] = r.n;
    return {
      total: rows.reduce((n, r) => n + r.n, 0),
      open: rows.filter((r) => r.status === 'parked' || r.status === 'held').reduce((n, r) => n + r.n, 0),
      byStatus,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
};

/**
 * Among `ids`, the events the database has no trace of: neither an inbox row (applied) nor a
 * row in the dead-letter store (set aside, parked or held: kept, to be applied later).
 */
export const untracedEvents = async (url: string, ids: readonly string[]): Promise<number> => {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows: exists } = await client.query<{ t: string | null }>(
      "SELECT to_regclass('dead_letters')::text AS t",
    );
    const stored = exists[0]?.t ? 'OR EXISTS (SELECT 1 FROM dead_letters d WHERE d.event_id = e.id)' : '';
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS e(id)
        WHERE NOT (EXISTS (SELECT 1 FROM inbox i WHERE i.event_id = e.id) ${stored})`,
      [ids],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end().catch(() => undefined);
  }
};
