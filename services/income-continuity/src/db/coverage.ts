import type { Tx } from '@relais/messaging';
import type { CoverageChange, CoveragePeriod } from '../domain/coverage.ts';

interface PeriodRow {
  id: string;
  kind: CoveragePeriod['kind'];
  start_date: string;
  end_date: string | null;
  placement_id: string | null;
  status: CoveragePeriod['status'];
  category: CoveragePeriod['category'];
}

/**
 * Serialises all work on one person's timeline, across instances, until the transaction ends:
 * two events about the same person never interleave their read-decide-write.
 */
export const lockPerson = async (tx: Tx, tenantId: string, personId: string): Promise<void> => {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${tenantId}:${personId}`]);
};

/** The person's coverage timeline, oldest first. */
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

/** Writes timeline changes decided by the domain. */
export const applyCoverageChanges = async (
  tx: Tx,
  scope: { readonly tenantId: string; readonly personId: string; readonly sourceEventId: string },
  changes: readonly CoverageChange[],
): Promise<void> => {
  for (const change of changes) {
    if (change.op === 'end') {
      await tx.query('UPDATE coverage_periods SET end_date = $3 WHERE tenant_id = $1 AND id = $2', [
        scope.tenantId,
        change.periodId,
        change.endDate,
      ]);
      continue;
    }
    const p = change.period;
    await tx.query(
      `INSERT INTO coverage_periods (id, tenant_id, person_id, kind, start_date, end_date, placement_id, status, category, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
      ],
    );
  }
};
