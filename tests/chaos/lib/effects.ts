import pg from 'pg';

/** income-continuity's effect tables: what a consumed TrialEnded or PlacementStarted leaves behind. */
export const INCOME_EFFECT_TABLES = [
  'income_reopenings',
  'coverage_periods',
  'isp_follow_ups',
  'timeline_entries',
  'outbox',
  'inbox',
] as const;

/**
 * Which rows of a table are effects of consumed events: in the outbox, the events caused by
 * another event (a scheduled job's announcement — an outcome check falling due — has no cause,
 * and a restarted instance's jobs may announce at any time).
 */
const EFFECT_ROWS: Readonly<Record<string, string>> = { outbox: "envelope->>'causationId' IS NOT NULL" };

/** Row counts of a service database's tables (their effect rows, see above), read as the owner, by table name. */
export const rowCounts = async (url: string, tables: readonly string[]): Promise<Record<string, number>> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${client.escapeIdentifier(table)} WHERE ${EFFECT_ROWS[table] ?? 'true'}`,
      );
      counts[table] = rows[0]?.n ?? 0;
    }
    return counts;
  } finally {
    await client.end();
  }
};

/** Tables whose count differs between two snapshots, in words (`table: before → after`). */
export const changedCounts = (
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
  expectedChange: Readonly<Record<string, number>> = {},
): string[] =>
  Object.keys(before)
    .filter((t) => (after[t] ?? 0) !== (before[t] ?? 0) + (expectedChange[t] ?? 0))
    .map(
      (t) =>
        `${t}: ${String(before[t])} → ${String(after[t])}${expectedChange[t] ? ` (expected +${String(expectedChange[t])})` : ''}`,
    );

/**
 * How many of the events `ids` the inbox records with `outcome` ('applied' or
 * 'ignored_duplicate': consumed, but its fact was already applied under another event id).
 * Rejects in words when the inbox has no `outcome` column (messaging migration not there).
 */
export const inboxWithOutcome = async (
  url: string,
  ids: readonly string[],
  outcome: 'applied' | 'ignored_duplicate',
): Promise<number> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[]) AND outcome = $2',
      [ids, outcome],
    );
    return rows[0]?.n ?? 0;
  } catch (error) {
    if ((error as { code?: string }).code === '42703')
      throw new Error('the inbox has no outcome column: ignored duplicate facts are not recorded', {
        cause: error,
      });
    throw error;
  } finally {
    await client.end();
  }
};

/** Sum of a Prometheus counter's samples whose labels include all of `labels`, from a `/metrics` text. */
export const counterSum = (metrics: string, name: string, labels: Readonly<Record<string, string>>): number =>
  metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
