import type { Tx } from '@relais/messaging';
import type { RiskLevel } from '../domain/model.ts';
import type { ChecklistItem, ChecklistTemplate } from '../domain/report.ts';

// The CPAS's own row wins over the platform default (tenant_id NULL); among each, the latest
// effective_from on or before the day. A few rows per CPAS: no index needed.
const IN_FORCE = `(tenant_id = $1 OR tenant_id IS NULL) AND effective_from <= $2
  ORDER BY tenant_id IS NULL, effective_from DESC LIMIT 1`;

const missing = (what: string, tenantId: string, day: string) =>
  new Error(`no ${what} in force for tenant ${tenantId} on ${day}: the default row is missing`);

/** Days between periodic visits for a host of this risk level, in force for the CPAS on `day`. */
export const loadPeriodicInterval = async (
  tx: Tx,
  tenantId: string,
  risk: RiskLevel,
  day: string,
): Promise<number> => {
  const { rows } = await tx.query<{ interval_days: number }>(
    `SELECT interval_days FROM periodic_visit_intervals WHERE risk_level = $3 AND ${IN_FORCE}`,
    [tenantId, day, risk],
  );
  if (!rows[0]) throw missing(`periodic visit interval (${risk})`, tenantId, day);
  return rows[0].interval_days;
};

/** Days within which a post-accident visit is due, in force for the CPAS on `day`. */
export const loadPostAccidentDueDays = async (tx: Tx, tenantId: string, day: string): Promise<number> => {
  const { rows } = await tx.query<{ due_days: number }>(
    `SELECT due_days FROM post_accident_visit_settings WHERE ${IN_FORCE}`,
    [tenantId, day],
  );
  if (!rows[0]) throw missing('post-accident visit setting', tenantId, day);
  return rows[0].due_days;
};

const TEMPLATE = `SELECT id, tenant_id AS "tenantId", version, effective_from AS "effectiveFrom", items FROM checklist_templates`;

/** The checklist in force for the CPAS on `day`: its own latest version, else the platform default. */
export const loadCurrentTemplate = async (
  tx: Tx,
  tenantId: string,
  day: string,
): Promise<ChecklistTemplate> => {
  const { rows } = await tx.query<ChecklistTemplate>(
    `${TEMPLATE} WHERE (tenant_id = $1 OR tenant_id IS NULL) AND effective_from <= $2
     ORDER BY tenant_id IS NULL, effective_from DESC, version DESC LIMIT 1`,
    [tenantId, day],
  );
  if (!rows[0]) throw missing('checklist template', tenantId, day);
  return rows[0];
};

/** One template the CPAS may use (its own or the default). */
export const findTemplate = async (
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<ChecklistTemplate | undefined> => {
  const { rows } = await tx.query<ChecklistTemplate>(
    `${TEMPLATE} WHERE (tenant_id = $1 OR tenant_id IS NULL) AND id = $2`,
    [tenantId, id],
  );
  return rows[0];
};

/** Stores a new version of the CPAS's checklist (the version follows its latest). */
export const insertTemplate = async (
  tx: Tx,
  t: {
    readonly id: string;
    readonly tenantId: string;
    readonly effectiveFrom: string;
    readonly items: readonly ChecklistItem[];
  },
): Promise<ChecklistTemplate> => {
  // Serialises concurrent publications of one CPAS (the unique key would refuse the loser anyway).
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('checklist:' || $1))`, [t.tenantId]);
  const { rows } = await tx.query<ChecklistTemplate>(
    `INSERT INTO checklist_templates (id, tenant_id, version, effective_from, items)
     SELECT $1, $2, COALESCE(max(version), 0) + 1, $3, $4 FROM checklist_templates WHERE tenant_id = $2
     RETURNING id, tenant_id AS "tenantId", version, effective_from AS "effectiveFrom", items`,
    [t.id, t.tenantId, t.effectiveFrom, JSON.stringify(t.items)],
  );
  const created = rows[0];
  if (!created) throw new Error('checklist template not stored');
  return created;
};
