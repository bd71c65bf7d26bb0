import {
  deferredRow,
  deferredUpdate,
  firstRow,
  lockOnce,
  runStatement,
  writeDeferred,
  writeLater,
  type Statement,
  type Tx,
} from '@relais/messaging';
import type { QueryResult } from 'pg';
import {
  applyChanges,
  type CoverageChange,
  type CoveragePeriod,
  type RevisionFact,
  type UncoveredDecision,
} from '../domain/coverage.ts';
import type { StoredGap } from './gaps.ts';

interface PeriodRow {
  id: string;
  kind: CoveragePeriod['kind'];
  start_date: string;
  end_date: string | null;
  placement_id: string | null;
  status: CoveragePeriod['status'];
  category: CoveragePeriod['category'];
}

const periodOf = (r: PeriodRow): CoveragePeriod => ({
  id: r.id,
  kind: r.kind,
  startDate: r.start_date,
  endDate: r.end_date,
  placementId: r.placement_id,
  status: r.status,
  category: r.category,
});

const PERIOD_COLUMNS = 'id, kind, start_date, end_date, placement_id, status, category';

/** Why the timeline changed: the event or the person behind each revision. */
export interface ChangeScope {
  readonly tenantId: string;
  readonly personId: string;
  readonly sourceEventId: string | null;
  readonly decisionId?: string | null;
  readonly actorId?: string | null;
}

/**
 * Serialises all work on one person's timeline, across instances, until the transaction ends:
 * two events (or an event and a request) about the same person never interleave their
 * read-decide-write.
 */
export const lockPerson = (tx: Tx, tenantId: string, personId: string): Promise<void> =>
  lockOnce(tx, `${tenantId}:${personId}`);

/** The person's coverage timeline, oldest first (withdrawn periods included, for history). */
export const loadTimeline = async (tx: Tx, tenantId: string, personId: string): Promise<CoveragePeriod[]> => {
  const { rows } = await tx.query<PeriodRow>(
    `SELECT ${PERIOD_COLUMNS}
     FROM coverage_periods WHERE tenant_id = $1 AND person_id = $2 ORDER BY start_date, created_at`,
    [tenantId, personId],
  );
  return rows.map(periodOf);
};

/**
 * Writes timeline changes decided by the domain: the current state of each period, and a new
 * revision row for every change (the history is never overwritten). All the changes go in one
 * statement, a data-modifying CTE each, with their revisions made of the rows they return (an
 * income reopening ends the salary and opens the RI: one statement instead of two, and one
 * for the history). Nothing waits for its answer ({@link writeLater}): the statement goes on the
 * wire ahead of what the transaction does next, and a period that was not there fails the
 * statement, and the transaction with it. Where two changes touch the same period they go one
 * after the other, since the CTEs of one statement do not see each other's rows.
 */
export const applyCoverageChanges = async (
  tx: Tx,
  scope: ChangeScope,
  changes: readonly CoverageChange[],
  options: {
    /**
     * The person's periods as the caller read them under the person's lock, before the changes,
     * when nothing in the transaction reads the periods again (the caller checks the coverage
     * with the changes applied in memory): every change, a new period, an end or a revision, and
     * its revision row then go with the transaction's other deferred rows at its end (a run's
     * with its COMMIT: one INSERT per table and one UPDATE of the ended periods for all its
     * events). A revision records the period as it is after its change, from these periods.
     */
    readonly leftToCommit?: readonly CoveragePeriod[];
  } = {},
): Promise<void> => {
  if (changes.length === 0) return;
  if (options.leftToCommit) {
    await deferCoverageChanges(tx, scope, changes, options.leftToCommit);
    return;
  }
  if (new Set(changes.map(idOf)).size < changes.length) {
    for (const change of changes) await applyCoverageChanges(tx, scope, [change]);
    return;
  }
  const values: unknown[] = [scope.tenantId];
  const $ = (value: unknown) => {
    values.push(value);
    return `$${String(values.length)}`;
  };
  const ctes = changes.map((change, i) => {
    if (change.op === 'insert') {
      const p = change.period;
      return `c${String(i)} AS (INSERT INTO coverage_periods (id, tenant_id, person_id, kind, start_date, end_date, placement_id,
                status, category, source_event_id, actor_id)
              VALUES (${$(p.id)}, $1, ${[scope.personId, p.kind, p.startDate, p.endDate, p.placementId, p.status, p.category, scope.sourceEventId, scope.actorId ?? null].map($).join(', ')})
              RETURNING ${PERIOD_COLUMNS})`;
    }
    if (change.op === 'end')
      return `c${String(i)} AS (UPDATE coverage_periods SET end_date = ${$(change.endDate)}
              WHERE tenant_id = $1 AND id = ${$(change.periodId)} RETURNING ${PERIOD_COLUMNS})`;
    return `c${String(i)} AS (UPDATE coverage_periods SET start_date = ${$(change.period.startDate)}, status = ${$(change.period.status)},
              category = ${$(change.period.category)} WHERE tenant_id = $1 AND id = ${$(change.period.id)} RETURNING ${PERIOD_COLUMNS})`;
  });
  const factOf = (change: CoverageChange): RevisionFact | 'opened' | 'ended' =>
    change.op === 'insert' ? 'opened' : change.op === 'end' ? 'ended' : change.fact;
  const changed = changes
    .map(
      (change, i) =>
        `SELECT ${String(i)} AS change, ${$(factOf(change))}::text AS fact, * FROM c${String(i)}`,
    )
    .join(' UNION ALL ');
  const [personId = '', sourceEventId = '', decisionId = '', actorId = ''] = [
    scope.personId,
    scope.sourceEventId,
    scope.decisionId ?? null,
    scope.actorId ?? null,
  ].map($);
  // A period that is not there fails the statement itself (relais_expect_rows), so nothing in
  // the application waits for its answer, not even the COMMIT.
  const expected = $(changes.length);
  const missing = $(`a coverage period of the change is missing (${changes.map(idOf).join(', ')})`);
  await writeLater(tx, {
    text: `WITH ${ctes.join(', ')}, changed AS (${changed}),
        revisions AS (INSERT INTO coverage_period_revisions (tenant_id, person_id, period_id, fact, kind, start_date, end_date,
                        status, category, source_event_id, decision_id, actor_id)
          SELECT $1::uuid, ${personId}::uuid, id, fact, kind, start_date, end_date, status, category,
                 ${sourceEventId}::uuid, ${decisionId}::uuid, ${actorId}::uuid
          FROM changed ORDER BY change)
      SELECT relais_expect_rows((SELECT count(*) FROM changed), ${expected}::bigint, ${missing}::text)`,
    values,
  });
};

const idOf = (change: CoverageChange) => (change.op === 'end' ? change.periodId : change.period.id);

/** {@link applyCoverageChanges} with `leftToCommit`: each change and its revision as deferred rows. */
const deferCoverageChanges = async (
  tx: Tx,
  scope: ChangeScope,
  changes: readonly CoverageChange[],
  before: readonly CoveragePeriod[],
): Promise<void> => {
  let periods = before;
  for (const change of changes) {
    periods = applyChanges(periods, [change]);
    const id = idOf(change);
    const p = periods.find((period) => period.id === id);
    if (!p) throw new Error(`coverage period ${id} of the change is not in the periods read`);
    // What the period and its revision both record, as the statement's RETURNING gives them.
    const state = {
      tenant_id: scope.tenantId,
      person_id: scope.personId,
      kind: p.kind,
      start_date: p.startDate,
      end_date: p.endDate,
      status: p.status,
      category: p.category,
      source_event_id: scope.sourceEventId,
      actor_id: scope.actorId ?? null,
    };
    const key = { tenant_id: [scope.tenantId, 'uuid'], id: [p.id, 'uuid'] } as const;
    const missing = `a coverage period of the change is missing (${p.id})`;
    if (change.op === 'insert')
      await writeDeferred(
        tx,
        deferredRow('coverage_periods', { ...state, id: p.id, placement_id: p.placementId }),
      );
    else if (change.op === 'end')
      await writeDeferred(
        tx,
        deferredUpdate('coverage_periods', key, { end_date: [change.endDate, 'date'] }, missing),
      );
    else
      await writeDeferred(
        tx,
        deferredUpdate(
          'coverage_periods',
          key,
          { start_date: [p.startDate, 'date'], status: [p.status, 'text'], category: [p.category, 'text'] },
          missing,
        ),
      );
    await writeDeferred(
      tx,
      deferredRow('coverage_period_revisions', {
        ...state,
        period_id: p.id,
        fact: change.op === 'insert' ? 'opened' : change.op === 'end' ? 'ended' : change.fact,
        decision_id: scope.decisionId ?? null,
      }),
    );
  }
};

/**
 * The person's timeline (as {@link loadTimeline}), whether the placement's salary end was
 * already reopened, and what the coverage check after it needs besides the timeline (the
 * decisions leaving days uncovered, the open gaps), in one statement: all an income reopening
 * reads. The caller holds the person's lock, so nothing changes them before it writes.
 */
export const loadTimelineForReopening = async (
  tx: Tx,
  tenantId: string,
  personId: string,
  placementId: string,
): Promise<TimelineForReopening> => {
  return timelineForReopeningIn(
    await runStatement(tx, timelineForReopeningStatement(tenantId, personId, placementId)),
  );
};

/** What {@link loadTimelineForReopening} reads. */
export interface TimelineForReopening {
  readonly reopened: boolean;
  readonly timeline: CoveragePeriod[];
  readonly decisions: UncoveredDecision[];
  readonly openGaps: StoredGap[];
}

/** {@link loadTimelineForReopening}'s statement, for a handler that has it sent with BEGIN. */
export const timelineForReopeningStatement = (
  tenantId: string,
  personId: string,
  placementId: string,
): Statement => ({
  text: `SELECT EXISTS (SELECT 1 FROM income_reopenings WHERE tenant_id = $1 AND placement_id = $3) AS reopened,
            ${TIMELINE_JSON} AS timeline, ${UNCOVERED_DECISIONS_JSON} AS decisions, ${OPEN_GAPS_JSON} AS "openGaps"`,
  values: [tenantId, personId, placementId],
  types: ['uuid', 'uuid', 'uuid'],
});

/** What a {@link timelineForReopeningStatement} answered. */
export const timelineForReopeningIn = (result: QueryResult): TimelineForReopening => {
  const read = firstRow(result, (row: TimelineForReopening) => row);
  if (!read) throw new Error('timeline query returned no row');
  return read;
};

/**
 * The person's periods as a JSON array in {@link loadTimeline}'s order and shape, for statements
 * that read them with something else ($1 the CPAS, $2 the person; dates come out as the same
 * `YYYY-MM-DD` text).
 */
export const TIMELINE_JSON = `(SELECT coalesce(json_agg(json_build_object('id', id, 'kind', kind, 'startDate', start_date,
    'endDate', end_date, 'placementId', placement_id, 'status', status, 'category', category)
    ORDER BY start_date, created_at), '[]') FROM coverage_periods WHERE tenant_id = $1 AND person_id = $2)`;

/** The decisions leaving the person's days uncovered, oldest first, as JSON ($1 the CPAS, $2 the person). */
export const UNCOVERED_DECISIONS_JSON = `(SELECT coalesce(json_agg(json_build_object('decisionId', decision_id, 'from', from_date,
    'to', to_date) ORDER BY recorded_at), '[]') FROM uncovered_decisions WHERE tenant_id = $1 AND person_id = $2)`;

/** The person's open gaps as JSON ($1 the CPAS, $2 the person). */
export const OPEN_GAPS_JSON = `(SELECT coalesce(json_agg(json_build_object('id', id, 'from', from_date, 'to', to_date,
    'justifiedBy', justified_by)), '[]') FROM coverage_gaps WHERE tenant_id = $1 AND person_id = $2 AND resolved_at IS NULL)`;

/** One revision of a period, as recorded. */
export interface PeriodRevision {
  readonly periodId: string;
  readonly fact: 'opened' | 'ended' | RevisionFact;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly status: string;
  readonly category: string | null;
  readonly sourceEventId: string | null;
  readonly decisionId: string | null;
  readonly actorId: string | null;
  readonly recordedAt: string;
}

/** Every revision of the person's periods, in the order they were recorded. */
export const listRevisions = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<PeriodRevision[]> => {
  const { rows } = await tx.query<PeriodRevision>(
    `SELECT period_id AS "periodId", fact, start_date AS "startDate", end_date AS "endDate", status, category,
            source_event_id AS "sourceEventId", decision_id AS "decisionId", actor_id AS "actorId",
            to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt"
     FROM coverage_period_revisions WHERE tenant_id = $1 AND person_id = $2 ORDER BY seq`,
    [tenantId, personId],
  );
  return rows;
};

/** Recorded decisions that leave some of the person's days uncovered. */
export const loadUncoveredDecisions = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<UncoveredDecision[]> => {
  const { rows } = await tx.query<UncoveredDecision>(
    `SELECT decision_id AS "decisionId", from_date AS "from", to_date AS "to"
     FROM uncovered_decisions WHERE tenant_id = $1 AND person_id = $2 ORDER BY recorded_at`,
    [tenantId, personId],
  );
  return rows;
};

/** Records that a decision leaves days uncovered, with its reason. */
export const insertUncoveredDecision = async (
  tx: Tx,
  d: UncoveredDecision & {
    readonly id: string;
    readonly tenantId: string;
    readonly personId: string;
    readonly reasonCode: string;
  },
): Promise<void> => {
  await tx.query(
    `INSERT INTO uncovered_decisions (id, tenant_id, person_id, decision_id, from_date, to_date, reason_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [d.id, d.tenantId, d.personId, d.decisionId, d.from, d.to, d.reasonCode],
  );
};
