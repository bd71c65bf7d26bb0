import type { Tx } from '@relais/messaging';
import type { Skill } from '../domain/position.ts';

/** The CPAS's skills vocabulary, by code. */
export const listSkills = async (tx: Tx, tenantId: string): Promise<Skill[]> => {
  const { rows } = await tx.query<Skill>(
    `SELECT code, label_fr AS "labelFr", label_nl AS "labelNl" FROM skills WHERE tenant_id = $1 ORDER BY code`,
    [tenantId],
  );
  return rows;
};

/** Adds a skill; returns false when the CPAS already has that code. */
export const insertSkill = async (tx: Tx, tenantId: string, skill: Skill): Promise<boolean> => {
  const result = await tx.query(
    `INSERT INTO skills (tenant_id, code, label_fr, label_nl) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, code) DO NOTHING`,
    [tenantId, skill.code, skill.labelFr, skill.labelNl],
  );
  return result.rowCount === 1;
};

/** The codes, among `codes`, that are not in the CPAS's vocabulary (each once, in the given order). */
export const unknownSkillCodes = async (
  tx: Tx,
  tenantId: string,
  codes: readonly string[],
): Promise<string[]> => {
  if (codes.length === 0) return [];
  const { rows } = await tx.query<{ code: string }>(
    'SELECT code FROM skills WHERE tenant_id = $1 AND code = ANY($2::text[])',
    [tenantId, codes],
  );
  const known = new Set(rows.map((r) => r.code));
  return [...new Set(codes)].filter((c) => !known.has(c));
};
