import { lockOnce, writeDeferred, type Tx } from '@relais/messaging';
import type { CoverageChange, CoveragePeriod, RevisionFact, UncoveredDecision } from '../domain/coverage.ts';

interface PeriodRow {
  id: string;
  kind: CoveragePeriod['kind'];
  start_date: string;
  end_date: string | null;
  placement_id: string | null;
  status: CoveragePeriod['status'];
  category: CoveragePeriod['category'];
}

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
    `SELECT id, kind, start_date, end_date, placement_id, status, category
     FROM coverage_periods WHERE tenant_id = $1 AND person_id = $2 ORDER BY start_date, created_at`,
    [tenantId, personId],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    startDate: r.start_date,
    endDate: r.end_date,
    placementId: r.placement_id,
    status: r.status,
    category: r.category,
  }));
};

const saveRevision = async (tx: Tx, scope: ChangeScope, fact: PeriodRevision['fact'], p: CoveragePeriod) => {
  // Written with the transaction's other deferred rows: nothing reads the history while changing it.
  await writeDeferred(tx, {
    table: 'coverage_period_revisions',
    columns: [
      'tenant_id',
      'person_id',
      'period_id',
      'fact',
      'kind',
      'start_date',
      'end_date',
      'status',
      'category',
      'source_event_id',
      'decision_id',
      'actor_id',
    ],
    values: [
      scope.tenantId,
      scope.personId,
      p.id,
      fact,
      p.kind,
      p.startDate,
      p.endDate,
      p.status,
      p.category,
      scope.sourceEventId,
      scope.decisionId ?? null,
      scope.actorId ?? null,
    ],
  });
};

/**
 * Writes timeline changes decided by the domain: the current state of each period, and a new
 * revision row for every change (the history is never overwritten).
 */
export const applyCoverageChanges = async (
  tx: Tx,
  scope: ChangeScope,
  changes: readonly CoverageChange[],
): Promise<void> => {
  for (const change of changes) {
    if (change.op === 'insert') {
      const p = change.period;
      await tx.query(
        `INSERT INTO coverage_periods (id, tenant_id, person_id, kind, start_date, end_date, placement_id, status, category, source_event_id, actor_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          p.id,
          scope.tenantId,
          scope.personId,
          p.kind,
          p.startDate,
          p.endDate,
          p.placementId,
          p.status,
          p.category,
          scope.sourceEventId,
          scope.actorId ?? null,
        ],
      );
      await saveRevision(tx, scope, 'opened', p);
      continue;
    }
    const { rows } = await tx.query<PeriodRow>(
      change.op === 'end'
        ? `UPDATE coverage_periods SET end_date = $3 WHERE tenant_id = $1 AND id = $2
           RETURNING id, kind, start_date, end_date, placement_id, status, category`
        : `UPDATE coverage_periods SET start_date = $3, status = $4, category = $5 WHERE tenant_id = $1 AND id = $2
           RETURNING id, kind, start_date, end_date, placement_id, status, category`,
      change.op === 'end'
        ? [scope.tenantId, change.periodId, change.endDate]
        : [
            scope.tenantId,
            change.period.id,
            change.period.startDate,
            change.period.status,
            change.period.category,
          ],
    );
    const r = rows[0];
    if (!r)
      throw new Error(
        `coverage period ${change.op === 'end' ? change.periodId : change.period.id} is missing`,
      );
    await saveRevision(tx, scope, change.op === 'end' ? 'ended' : change.fact, {
      id: r.id,
      kind: r.kind,
      startDate: r.start_date,
      endDate: r.end_date,
      placementId: r.placement_id,
      status: r.status,
      category: r.category,
    });
  }
};

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
