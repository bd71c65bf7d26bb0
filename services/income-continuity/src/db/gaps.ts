import type { Pool } from 'pg';
import type { Tx } from '@relais/messaging';
import type { ClassifiedGap } from '../domain/coverage.ts';

/** A gap as stored while it lasts. */
export interface StoredGap extends ClassifiedGap {
  readonly id: string;
}

/**
 * Replaces the person's open gaps by the ones just computed: unchanged gaps stay (same
 * detection), vanished ones are resolved, new ones are returned for the alert.
 */
export const syncGaps = async (
  tx: Tx,
  scope: { readonly tenantId: string; readonly personId: string },
  gaps: readonly ClassifiedGap[],
  newId: () => string,
): Promise<StoredGap[]> => {
  const { rows: open } = await tx.query<StoredGap>(
    `SELECT id, from_date AS "from", to_date AS "to", justified_by AS "justifiedBy"
     FROM coverage_gaps WHERE tenant_id = $1 AND person_id = $2 AND resolved_at IS NULL`,
    [scope.tenantId, scope.personId],
  );
  const same = (a: ClassifiedGap, b: ClassifiedGap) =>
    a.from === b.from && a.to === b.to && a.justifiedBy === b.justifiedBy;
  const vanished = open.filter((o) => !gaps.some((g) => same(o, g)));
  if (vanished.length > 0)
    await tx.query(
      'UPDATE coverage_gaps SET resolved_at = clock_timestamp() WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [scope.tenantId, vanished.map((v) => v.id)],
    );
  const added = gaps.filter((g) => !open.some((o) => same(o, g))).map((g) => ({ ...g, id: newId() }));
  for (const g of added)
    await tx.query(
      `INSERT INTO coverage_gaps (id, tenant_id, person_id, from_date, to_date, justified_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [g.id, scope.tenantId, scope.personId, g.from, g.to, g.justifiedBy],
    );
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
