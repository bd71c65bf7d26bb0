import type { PoolClient, QueryResult } from 'pg';

/** A statement with its parameters (`$1`…), as node-postgres takes them. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
  /**
   * The PostgreSQL type of each parameter (`uuid`, `text`…), for a read that a run may send for
   * several events at once (see combined-read.ts); without them it is only ever sent alone.
   */
  readonly types?: readonly string[];
  /**
   * Planned at each execution, never kept as a prepared statement: for a statement that joins a
   * table a replay fills from empty within minutes. A kept plan is made for the table as it was
   * when it was made, and PostgreSQL makes another only when the table's statistics change (an
   * ANALYZE, by autovacuum where it runs: it was off on the machine of 2026-12-07):
   * - the inbox check of a run, kept, took 29 ms (median of the executions over 1 ms) by the end
   *   of a 100,000-event replay, against 0.4 ms planned afresh (2026-12-06); planning it costs
   *   0.03 ms;
   * - a flush with deferred updates of several rows (`UPDATE … FROM (VALUES …)`,
   *   unit-of-work.ts), kept, took 3.7–5.2 s a run of 50 trial ends by the middle of a
   *   100,000-event replay, which went at 161 events/s (2026-12-07). Its generic plan, made on a
   *   fresh database while `coverage_periods` held 1 to 1,000 rows (not at 10,000), reads the
   *   CPAS's periods through their index and the VALUES list again for each, as if the CPAS had
   *   one period (two rows in the VALUES are enough; with one, PostgreSQL plans a lookup by the
   *   key, and that flush stays prepared). Planned at each flush, 20,000-event replays taking
   *   turns used 326–468 µs of PostgreSQL's CPU per event against 256–379 kept (two sets of three
   *   rounds): parsing and planning a run's flush of 50 trial ends costs about 10 ms, for a flush
   *   that can no longer go from milliseconds to seconds.
   *
   * The combined reads stay prepared: over the same replay, kept, they lost about 14 µs an event
   * in all, and planning the timeline's costs 0.2 ms, which a burst's runs of a few events would
   * pay each time.
   */
  readonly replan?: boolean;
}

/** How node-postgres is given a statement: a text and values (the pools name and prepare it), or unnamed. */
export const sendStatement = (
  db: Pick<PoolClient, 'query'>,
  { text, values, replan }: Statement,
): Promise<QueryResult> =>
  replan === true ? db.query({ text, values: [...values] }) : db.query(text, [...values]);
