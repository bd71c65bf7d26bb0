import type { Tx } from '@relais/messaging';
import type { DeadlineSettings } from '../domain/deadlines.ts';
import type { CostSettings } from '../domain/financial.ts';

/** A deadline settings row, and whether the CPAS set it (false: the platform default). */
export interface DeadlineRow extends DeadlineSettings {
  readonly ownedByCpas: boolean;
}

/** Every deadline settings row that may apply to the CPAS: its own and the platform's, latest first. */
export const loadDeadlineRows = async (tx: Tx, tenantId: string): Promise<DeadlineRow[]> => {
  const { rows } = await tx.query<DeadlineRow>(
    `SELECT effective_from AS "effectiveFrom", decision_days AS "decisionDays", notification_days AS "notificationDays",
            warning_days AS "warningDays", tenant_id IS NOT NULL AS "ownedByCpas"
       FROM deadline_settings WHERE tenant_id = $1 OR tenant_id IS NULL
      ORDER BY tenant_id IS NULL, effective_from DESC`,
    [tenantId],
  );
  return rows;
};

export const upsertDeadlineSettings = async (
  tx: Tx,
  tenantId: string,
  s: DeadlineSettings,
  actorId: string,
): Promise<void> => {
  await tx.query(
    `INSERT INTO deadline_settings (tenant_id, effective_from, decision_days, notification_days, warning_days, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, effective_from) DO UPDATE
       SET decision_days = EXCLUDED.decision_days, notification_days = EXCLUDED.notification_days,
           warning_days = EXCLUDED.warning_days, created_by = EXCLUDED.created_by, created_at = clock_timestamp()`,
    [tenantId, s.effectiveFrom, s.decisionDays, s.notificationDays, s.warningDays, actorId],
  );
};

interface CostRow {
  effectiveFrom: string;
  cohabitant: number | null;
  single: number | null;
  withDependants: number | null;
  placement: number | null;
}

const toCosts = (r: CostRow): CostSettings => ({
  effectiveFrom: r.effectiveFrom,
  riMonthlyCostCents:
    r.cohabitant === null || r.single === null || r.withDependants === null
      ? null
      : { cohabitant: r.cohabitant, single: r.single, with_dependants: r.withDependants },
  placementMonthlyCostCents: r.placement,
});

/** The CPAS's cost settings, latest first (none: the committee sees no financial effect). */
export const loadCostRows = async (tx: Tx, tenantId: string): Promise<CostSettings[]> => {
  const { rows } = await tx.query<CostRow>(
    `SELECT effective_from AS "effectiveFrom", ri_cohabitant_cents AS cohabitant, ri_single_cents AS single,
            ri_with_dependants_cents AS "withDependants", placement_cents AS placement
       FROM cost_settings WHERE tenant_id = $1 ORDER BY effective_from DESC`,
    [tenantId],
  );
  return rows.map(toCosts);
};

export const upsertCostSettings = async (
  tx: Tx,
  tenantId: string,
  s: CostSettings,
  actorId: string,
): Promise<void> => {
  await tx.query(
    `INSERT INTO cost_settings (tenant_id, effective_from, ri_cohabitant_cents, ri_single_cents, ri_with_dependants_cents,
                                placement_cents, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, effective_from) DO UPDATE
       SET ri_cohabitant_cents = EXCLUDED.ri_cohabitant_cents, ri_single_cents = EXCLUDED.ri_single_cents,
           ri_with_dependants_cents = EXCLUDED.ri_with_dependants_cents, placement_cents = EXCLUDED.placement_cents,
           created_by = EXCLUDED.created_by, created_at = clock_timestamp()`,
    [
      tenantId,
      s.effectiveFrom,
      s.riMonthlyCostCents?.cohabitant ?? null,
      s.riMonthlyCostCents?.single ?? null,
      s.riMonthlyCostCents?.with_dependants ?? null,
      s.placementMonthlyCostCents,
      actorId,
    ],
  );
};
