import type { Tx } from '@relais/messaging';
import type { IncomeRate } from '../domain/amounts.ts';

/** Every RI rate that applies to the CPAS: its own rows, or the platform default where it has none. */
export const loadRates = async (tx: Tx, tenantId: string): Promise<IncomeRate[]> => {
  const { rows } = await tx.query<IncomeRate>(
    `SELECT category, effective_from AS "effectiveFrom", monthly_amount_cents AS "monthlyAmountCents"
     FROM integration_income_rates r
     WHERE tenant_id = $1
        OR (tenant_id IS NULL AND NOT EXISTS (SELECT 1 FROM integration_income_rates o WHERE o.tenant_id = $1))
     ORDER BY category, effective_from`,
    [tenantId],
  );
  return rows;
};

/** How many days after its start a bridge is reviewed, as in force for the CPAS on `day`. */
export const loadBridgeReviewDays = async (tx: Tx, tenantId: string, day: string): Promise<number> => {
  const { rows } = await tx.query<{ days: number }>(
    `SELECT review_after_days AS days FROM bridging_rules
     WHERE (tenant_id = $1 OR tenant_id IS NULL) AND effective_from <= $2::date
     ORDER BY tenant_id IS NULL, effective_from DESC LIMIT 1`,
    [tenantId, day],
  );
  const rule = rows[0];
  if (!rule)
    throw new Error(`no bridging rule in force for tenant ${tenantId} on ${day}: the default row is missing`);
  return rule.days;
};
