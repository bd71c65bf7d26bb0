import { DEAD_LETTER_TOPICS, TOPICS, topicName } from '@relais/contracts';
import pg from 'pg';
import type { Criteria } from './scenario.ts';

/** What income-continuity committed, read as the database owner (row-level security does not hide rows from it). */
export interface IncomeLedger {
  /** Event ids among `ids` that have an inbox row. */
  consumed(ids: readonly string[]): Promise<number>;
  /** Whether nothing is set aside or held any more (its offset is committed, its effect may not be yet). */
  readonly settled: () => Promise<boolean>;
  /** Per checked invariant, the number of violations. */
  invariants(expected: {
    readonly trialEndIds: readonly string[];
    readonly placementIds: readonly string[];
  }): Promise<IncomeInvariants>;
  close(): Promise<void>;
}

/** Violations found by {@link IncomeLedger.invariants}; every field must be 0 but `reopenings`. */
export interface IncomeInvariants {
  readonly reopenings: number;
  /** Acknowledged TrialEnded with no reopening from it, and PlacementStarted with no salary period. */
  readonly lost: number;
  /** Trials with more than one reopening or follow-up, placements with more than one salary period. */
  readonly duplicates: number;
  /** Reopenings of a person applied out of their order. */
  readonly outOfOrder: number;
  /** Open gaps in a person's coverage that no decision justifies. */
  readonly uncoveredGaps: number;
}

/** Reads income-continuity's database at `url`. */
export const incomeLedger = (url: string): IncomeLedger => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  const one = async (sql: string, params: unknown[] = []) =>
    (await pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0;
  return {
    consumed: (ids) => one('SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])', [ids]),
    settled: async () =>
      (await one("SELECT count(*)::int AS n FROM dead_letters WHERE status IN ('awaiting', 'held')")) === 0,
    async invariants({ trialEndIds, placementIds }) {
      const lostEnds = await one(
        `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS e(id)
          WHERE NOT EXISTS (SELECT 1 FROM income_reopenings r WHERE r.source_event_id = e.id)`,
        [trialEndIds],
      );
      // A start's effect is its placement's salary period, whichever event of the placement created it.
      const lostStarts = await one(
        `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS p(id)
          WHERE NOT EXISTS (SELECT 1 FROM coverage_periods c WHERE c.kind = 'article60_salary' AND c.placement_id = p.id)`,
        [placementIds],
      );
      const duplicates =
        (await one(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM income_reopenings GROUP BY tenant_id, trial_period_id HAVING count(*) > 1) d`,
        )) +
        (await one(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM isp_follow_ups GROUP BY tenant_id, trial_period_id HAVING count(*) > 1) d`,
        )) +
        (await one(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM coverage_periods WHERE kind = 'article60_salary'
            GROUP BY tenant_id, placement_id HAVING count(*) > 1) d`,
        ));
      const outOfOrder = await one(
        `SELECT count(*)::int AS n FROM (
           SELECT effective_from, lag(effective_from) OVER (PARTITION BY tenant_id, person_id ORDER BY created_at) AS previous
             FROM income_reopenings) o
          WHERE previous >= effective_from`,
      );
      const uncoveredGaps = await one(
        'SELECT count(*)::int AS n FROM coverage_gaps WHERE resolved_at IS NULL AND justified_by IS NULL',
      );
      return {
        reopenings: await one('SELECT count(*)::int AS n FROM income_reopenings'),
        lost: lostEnds + lostStarts,
        duplicates,
        outOfOrder,
        uncoveredGaps,
      };
    },
    close: () => pool.end(),
  };
};

/** income-continuity's consumer group, the topics it reads for the chain, and its dead-letter topic, under `prefix`. */
export const incomeTopics = (prefix: string) => ({
  groupId: `${prefix}income-continuity`,
  topics: [TOPICS.placement, TOPICS.trialPeriod].map((t) => topicName(t, prefix)),
  deadLetterTopic: topicName(DEAD_LETTER_TOPICS.incomeContinuity, prefix),
});

/** The promise itself, checked on what income-continuity committed: every trial end reopened once, in order, with no uncovered day. */
export const checkIncomeInvariants = (check: Criteria, found: IncomeInvariants, trialEnds: number): void => {
  check.equal('reopenings', found.reopenings, trialEnds);
  check.equal('lost (acknowledged events without effect)', found.lost, 0);
  check.equal('duplicate effects', found.duplicates, 0);
  check.equal('reopenings applied out of a person’s order', found.outOfOrder, 0);
  check.equal('uncovered days (open unjustified gaps)', found.uncoveredGaps, 0);
};
