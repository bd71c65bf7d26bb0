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
   * - a run's flush of deferred updates of several rows (`UPDATE … FROM (VALUES …)`) was
   *   planned at each flush too, for a few hours: kept, its plan made while `coverage_periods` was
   *   small took 3.7–5.2 s a run of 50 trial ends and the replay went at 161 events/s
   *   (2026-12-07), but planned afresh without statistics it still read 2,798 rows to end two
   *   periods among 20,200. Such updates are now one `UPDATE … WHERE <key>` per row, planned as a
   *   lookup of the key at any size, and stay prepared (unit-of-work.ts, updatesOf).
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
