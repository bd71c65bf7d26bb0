import type { Pool, QueryResult } from 'pg';
import { firstRow, runStatement, writeLater, type Statement, type Tx } from '@relais/messaging';
import type { ClassifiedGap, CoveragePeriod, UncoveredDecision } from '../domain/coverage.ts';
import { OPEN_GAPS_JSON, TIMELINE_JSON, UNCOVERED_DECISIONS_JSON } from './coverage.ts';

/** A gap as stored while it lasts. */
export interface StoredGap extends ClassifiedGap {
  readonly id: string;
}

/** What a coverage check reads of one person: the timeline, the decisions leaving days uncovered, the open gaps. */
export interface CoverageState {
  readonly timeline: CoveragePeriod[];
  readonly decisions: UncoveredDecision[];
  readonly openGaps: StoredGap[];
}

/**
 * The three in one statement (one round trip instead of three on every change of a timeline;
 * the caller holds the person's lock, so they agree). Same orders as `loadTimeline` and
 * `loadUncoveredDecisions`; dates come out of JSON as the same `YYYY-MM-DD` text. An income
 * reopening reads them before it writes (`loadTimelineForReopening`) and checks with those.
 */
export const loadCoverageState = async (tx: Tx, tenantId: string, personId: string): Promise<CoverageState> =>
  coverageStateIn(await runStatement(tx, coverageStateStatement(tenantId, personId)));

/** {@link loadCoverageState}'s statement, for a handler that has it sent first (`atBegin`). */
export const coverageStateStatement = (tenantId: string, personId: string): Statement => ({
  text: `SELECT ${TIMELINE_JSON} AS timeline, ${UNCOVERED_DECISIONS_JSON} AS decisions, ${OPEN_GAPS_JSON} AS "openGaps"`,
  values: [tenantId, personId],
  types: ['uuid', 'uuid'],
});

/** What a {@link coverageStateStatement} answered. */
export const coverageStateIn = (result: QueryResult | undefined): CoverageState => {
  const state = firstRow(result, (row: CoverageState) => row);
  if (!state) throw new Error('coverage state query returned no row');
  return state;
};

/**
 * Replaces the person's open gaps (`open`, read with the timeline) by the ones just computed:
 * unchanged gaps stay (same detection), vanished ones are resolved, new ones are returned for
 * the alert.
 */
export const syncGaps = async (
  tx: Tx,
  scope: { readonly tenantId: string; readonly personId: string },
  open: readonly StoredGap[],
  gaps: readonly ClassifiedGap[],
  newId: () => string,
): Promise<StoredGap[]> => {
  const same = (a: ClassifiedGap, b: ClassifiedGap) =>
    a.from === b.from && a.to === b.to && a.justifiedBy === b.justifiedBy;
  const vanished = open.filter((o) => !gaps.some((g) => same(o, g)));
  // Nothing needs their answers: they go on the wire without waiting (writeLater).
  if (vanished.length > 0)
    await writeLater(tx, {
      text: 'UPDATE coverage_gaps SET resolved_at = clock_timestamp() WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      values: [scope.tenantId, vanished.map((v) => v.id)],
    });
  const added = gaps.filter((g) => !open.some((o) => same(o, g))).map((g) => ({ ...g, id: newId() }));
  for (const g of added)
    await writeLater(tx, {
      text: `INSERT INTO coverage_gaps (id, tenant_id, person_id, from_date, to_date, justified_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      values: [g.id, scope.tenantId, scope.personId, g.from, g.to, g.justifiedBy],
    });
  return added;
};

/** Open gaps over every CPAS, justified or not: what the metric reports. */
export const countOpenGaps = async (pool: Pool): Promise<{ justified: number; unjustified: number }> => {
  const { rows } = await pool.query<{ justified: number; unjustified: number }>(
    `SELECT count(*) FILTER (WHERE justified_by IS NOT NULL)::int AS justified,
            count(*) FILTER (WHERE justified_by IS NULL)::int AS unjustified
     FROM coverage_gaps WHERE resolved_at IS NULL`,
  );
  return rows[0] ?? { justified: 0, unjustified: 0 };
};
