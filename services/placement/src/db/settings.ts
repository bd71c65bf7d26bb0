import type { Tx } from '@relais/messaging';
import type { MatchingWeights } from '../domain/model.ts';

/** The matching settings in force for a CPAS on a day. */
export interface MatchingSettings {
  /** Null when the platform default applies. */
  readonly tenantId: string | null;
  readonly effectiveFrom: string;
  readonly weights: MatchingWeights;
  readonly shortlistSize: number;
  readonly positionExpiryDays: number;
  readonly deadlineRiskDays: number;
}

/** The legal parameters of engagements in force for a CPAS on a day (numeric columns as numbers). */
export interface EngagementRules {
  readonly tenantId: string | null;
  readonly effectiveFrom: string;
  readonly fullTimeWeeklyHours: number;
  readonly countedDaysPerFullTimeWeek: number;
  readonly minWeeklyHours: number;
  readonly maxWeeklyHours: number;
  readonly maxContractDays: number;
}

// The CPAS's own row wins over the platform default (tenant_id NULL); among each, the latest
// effective_from on or before the day (without a day: today in Belgium, as the database sees
// it). Both tables hold a few rows per CPAS: no index needed.
const inForce = (table: string, columns: string) =>
  `SELECT ${columns} FROM ${table}
   WHERE (tenant_id = $1 OR tenant_id IS NULL)
     AND effective_from <= COALESCE($2::date, (now() AT TIME ZONE 'Europe/Brussels')::date)
   ORDER BY tenant_id IS NULL, effective_from DESC LIMIT 1`;

const missing = (what: string, tenantId: string, day: string | undefined) =>
  new Error(`no ${what} in force for tenant ${tenantId} on ${day ?? 'today'}: the default row is missing`);

/** The matching settings in force for the CPAS on `day` ('YYYY-MM-DD'). Throws when even the default is missing. */
export const loadMatchingSettings = async (
  tx: Tx,
  tenantId: string,
  day: string,
): Promise<MatchingSettings> => {
  const { rows } = await tx.query<{
    tenant_id: string | null;
    effective_from: string;
    weights: MatchingWeights;
    shortlist_size: number;
    position_expiry_days: number;
    deadline_risk_days: number;
  }>(
    inForce(
      'matching_settings',
      'tenant_id, effective_from, weights, shortlist_size, position_expiry_days, deadline_risk_days',
    ),
    [tenantId, day],
  );
  const r = rows[0];
  if (!r) throw missing('matching settings', tenantId, day);
  return {
    tenantId: r.tenant_id,
    effectiveFrom: r.effective_from,
    weights: r.weights,
    shortlistSize: r.shortlist_size,
    positionExpiryDays: r.position_expiry_days,
    deadlineRiskDays: r.deadline_risk_days,
  };
};

/**
 * The engagement rules in force for the CPAS on `day` (default: today in Belgium). Pass the
 * contract's start day when checking a contract: rules change by law and indexation.
 */
export const loadEngagementRules = async (
  tx: Tx,
  tenantId: string,
  day?: string,
): Promise<EngagementRules> => {
  const { rows } = await tx.query<{
    tenant_id: string | null;
    effective_from: string;
    full_time_weekly_hours: string;
    counted_days_per_full_time_week: string;
    min_weekly_hours: string;
    max_weekly_hours: string;
    max_contract_days: number;
  }>(
    inForce(
      'engagement_rules',
      `tenant_id, effective_from, full_time_weekly_hours, counted_days_per_full_time_week, min_weekly_hours,
       max_weekly_hours, max_contract_days`,
    ),
    [tenantId, day ?? null],
  );
  const r = rows[0];
  if (!r) throw missing('engagement rules', tenantId, day);
  return {
    tenantId: r.tenant_id,
    effectiveFrom: r.effective_from,
    fullTimeWeeklyHours: Number(r.full_time_weekly_hours),
    countedDaysPerFullTimeWeek: Number(r.counted_days_per_full_time_week),
    minWeeklyHours: Number(r.min_weekly_hours),
    maxWeeklyHours: Number(r.max_weekly_hours),
    maxContractDays: r.max_contract_days,
  };
};
