import type { Pool } from 'pg';
import type { Tx } from '@relais/messaging';
import type { TrialSettings } from '../domain/schedule.ts';

interface SettingsRow {
  id: string;
  tenant_id: string | null;
  contract_type: string | null;
  effective_from: string;
  length_days: number;
  check_in_offsets_days: number[];
  overdue_grace_days: number;
}

const toSettings = (r: SettingsRow): TrialSettings => ({
  id: r.id,
  tenantId: r.tenant_id,
  contractType: r.contract_type,
  effectiveFrom: r.effective_from,
  lengthDays: r.length_days,
  checkInOffsetsDays: r.check_in_offsets_days,
  overdueGraceDays: r.overdue_grace_days,
});

const COLUMNS =
  'id, tenant_id, contract_type, effective_from, length_days, check_in_offsets_days, overdue_grace_days';

/**
 * The settings in force for a CPAS and a contract type on a day. Precedence: the CPAS's own
 * row for the contract type, its row for any type, the platform default for the type, then
 * for any type; within each, the latest `effective_from` on or before the day.
 */
export const loadTrialSettings = async (
  tx: Tx | Pool,
  tenantId: string,
  contractType: string | null,
  day: string,
): Promise<TrialSettings> => {
  const { rows } = await tx.query<SettingsRow>(
    `SELECT ${COLUMNS} FROM trial_settings
     WHERE (tenant_id = $1 OR tenant_id IS NULL) AND (contract_type = $2 OR contract_type IS NULL)
       AND effective_from <= $3::date
     ORDER BY tenant_id IS NULL, contract_type IS NULL, effective_from DESC LIMIT 1`,
    [tenantId, contractType, day],
  );
  const row = rows[0];
  if (!row)
    throw new Error(
      `no trial settings in force for tenant ${tenantId} on ${day}: the default row is missing`,
    );
  return toSettings(row);
};

/** The CPAS's own rows and the platform defaults, newest first. */
export const listTrialSettings = async (tx: Tx, tenantId: string): Promise<TrialSettings[]> => {
  const { rows } = await tx.query<SettingsRow>(
    `SELECT ${COLUMNS} FROM trial_settings WHERE tenant_id = $1 OR tenant_id IS NULL
     ORDER BY tenant_id IS NULL, contract_type NULLS LAST, effective_from DESC`,
    [tenantId],
  );
  return rows.map(toSettings);
};

/** Adds a row of the CPAS; false when one already exists for that contract type and day. */
export const insertTrialSettings = async (tx: Tx, s: TrialSettings): Promise<boolean> => {
  const result = await tx.query(
    `INSERT INTO trial_settings (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ON CONSTRAINT trial_settings_uq DO NOTHING`,
    [
      s.id,
      s.tenantId,
      s.contractType,
      s.effectiveFrom,
      s.lengthDays,
      s.checkInOffsetsDays,
      s.overdueGraceDays,
    ],
  );
  return result.rowCount === 1;
};
