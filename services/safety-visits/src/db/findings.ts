import type { Tx } from '@relais/messaging';
import type { CorrectiveAction, Finding } from '../domain/findings.ts';

const FINDING = `SELECT id, tenant_id AS "tenantId", visit_id AS "visitId", host_employer_id AS "hostEmployerId",
  item_code AS "itemCode", severity, description, status, opened_on AS "openedOn", closed_on AS "closedOn",
  close_note AS "closeNote" FROM findings`;
const ACTION = `SELECT id, tenant_id AS "tenantId", finding_id AS "findingId", host_employer_id AS "hostEmployerId",
  description, owner, deadline, status, opened_on AS "openedOn", overdue_since AS "overdueSince",
  closed_on AS "closedOn", evidence FROM corrective_actions`;

/** Stores the findings of a report. */
export const insertFindings = async (tx: Tx, findings: readonly Finding[]): Promise<void> => {
  for (const f of findings)
    await tx.query(
      `INSERT INTO findings (id, tenant_id, visit_id, host_employer_id, item_code, severity, description, status, opened_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        f.id,
        f.tenantId,
        f.visitId,
        f.hostEmployerId,
        f.itemCode,
        f.severity,
        f.description,
        f.status,
        f.openedOn,
      ],
    );
};

/** Saves a finding's status. */
export const saveFinding = async (tx: Tx, f: Finding): Promise<void> => {
  await tx.query(
    `UPDATE findings SET status = $3, closed_on = $4, close_note = $5 WHERE tenant_id = $1 AND id = $2`,
    [f.tenantId, f.id, f.status, f.closedOn, f.closeNote],
  );
};

/** One finding of the tenant. */
export const findFinding = async (tx: Tx, tenantId: string, id: string): Promise<Finding | undefined> => {
  const { rows } = await tx.query<Finding>(`${FINDING} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0];
};

/** The findings of a host, or of one of its visits. */
export const listFindings = async (
  tx: Tx,
  tenantId: string,
  of: { readonly hostId: string } | { readonly visitId: string },
): Promise<Finding[]> => {
  const [column, value] = 'hostId' in of ? ['host_employer_id', of.hostId] : ['visit_id', of.visitId];
  const { rows } = await tx.query<Finding>(
    `${FINDING} WHERE tenant_id = $1 AND ${column} = $2 ORDER BY opened_on, id`,
    [tenantId, value],
  );
  return rows;
};

/** Stores a new corrective action. */
export const insertAction = async (tx: Tx, a: CorrectiveAction): Promise<void> => {
  await tx.query(
    `INSERT INTO corrective_actions (id, tenant_id, finding_id, host_employer_id, description, owner, deadline, status, opened_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      a.id,
      a.tenantId,
      a.findingId,
      a.hostEmployerId,
      a.description,
      a.owner,
      a.deadline,
      a.status,
      a.openedOn,
    ],
  );
};

/** Saves an action's status, overdue flag and evidence. */
export const saveAction = async (tx: Tx, a: CorrectiveAction): Promise<void> => {
  await tx.query(
    `UPDATE corrective_actions SET status = $3, overdue_since = $4, closed_on = $5, evidence = $6
     WHERE tenant_id = $1 AND id = $2`,
    [a.tenantId, a.id, a.status, a.overdueSince, a.closedOn, a.evidence],
  );
};

/** One action of the tenant. */
export const findAction = async (
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<CorrectiveAction | undefined> => {
  const { rows } = await tx.query<CorrectiveAction>(`${ACTION} WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
  ]);
  return rows[0];
};

/** The actions of a host, or of one finding. */
export const listActions = async (
  tx: Tx,
  tenantId: string,
  of: { readonly hostId: string } | { readonly findingId: string },
): Promise<CorrectiveAction[]> => {
  const [column, value] = 'hostId' in of ? ['host_employer_id', of.hostId] : ['finding_id', of.findingId];
  const { rows } = await tx.query<CorrectiveAction>(
    `${ACTION} WHERE tenant_id = $1 AND ${column} = $2 ORDER BY deadline, id`,
    [tenantId, value],
  );
  return rows;
};

/** A page of the tenant's open actions by deadline, optionally of one host, owner or only the overdue. */
export const listOpenActions = async (
  tx: Tx,
  tenantId: string,
  q: {
    readonly hostEmployerId?: string | undefined;
    readonly overdue?: boolean | undefined;
    readonly after?: { readonly day: string; readonly id: string } | undefined;
    readonly limit: number;
  },
): Promise<CorrectiveAction[]> => {
  const { rows } = await tx.query<CorrectiveAction>(
    `${ACTION} WHERE tenant_id = $1 AND status = 'open' AND ($2::uuid IS NULL OR host_employer_id = $2)
       AND ($3::boolean IS NULL OR (overdue_since IS NOT NULL) = $3)
       AND ($4::date IS NULL OR (deadline, id) > ($4, $5::uuid))
     ORDER BY deadline, id LIMIT $6`,
    [
      tenantId,
      q.hostEmployerId ?? null,
      q.overdue ?? null,
      q.after?.day ?? null,
      q.after?.id ?? null,
      q.limit,
    ],
  );
  return rows;
};
