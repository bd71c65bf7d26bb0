import type { Tx } from '@relais/messaging';
import type { SafetyHost, SafetyStatus, Site } from '../domain/model.ts';

const HOST = `SELECT id, tenant_id AS "tenantId", enterprise_number AS "enterpriseNumber", name, legal_type AS "legalType",
  sector, risk_level AS "riskLevel", assigned_safety_officer_id AS "assignedSafetyOfficerId",
  safety_status AS "safetyStatus", status_reason AS "statusReason", status_since AS "statusSince",
  next_periodic_due AS "nextPeriodicDue" FROM hosts`;

/** Stores a host announced by placement; false when it is already known (a redelivered event). */
export const insertHost = async (
  tx: Tx,
  h: Pick<SafetyHost, 'id' | 'tenantId' | 'enterpriseNumber' | 'name' | 'legalType' | 'sector'>,
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `INSERT INTO hosts (id, tenant_id, enterprise_number, name, legal_type, sector)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [h.id, h.tenantId, h.enterpriseNumber, h.name, h.legalType, h.sector],
  );
  return rowCount === 1;
};

/** Stores a site of a host (idempotent). */
export const insertSite = async (tx: Tx, tenantId: string, s: Site): Promise<void> => {
  await tx.query(
    `INSERT INTO host_sites (id, tenant_id, host_employer_id, name, address, commune)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [s.id, tenantId, s.hostEmployerId, s.name, s.address, s.commune],
  );
};

/**
 * One host of the tenant. `lock` takes the host row FOR UPDATE: every change that may move the
 * host's safety status holds it, so the status is derived from one consistent set of facts.
 */
export const findHost = async (
  tx: Tx,
  tenantId: string,
  id: string,
  lock = false,
): Promise<SafetyHost | undefined> => {
  const { rows } = await tx.query<SafetyHost>(
    `${HOST} WHERE tenant_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0];
};

/** Like {@link findHost} with a lock, but skips a host another transaction holds (scheduled jobs). */
export const lockHostIfFree = async (
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<SafetyHost | undefined> => {
  const { rows } = await tx.query<SafetyHost>(
    `${HOST} WHERE tenant_id = $1 AND id = $2 FOR UPDATE SKIP LOCKED`,
    [tenantId, id],
  );
  return rows[0];
};

/** The sites of a host, by name. */
export const listSites = async (tx: Tx, tenantId: string, hostId: string): Promise<Site[]> => {
  const { rows } = await tx.query<Site>(
    `SELECT id, host_employer_id AS "hostEmployerId", name, address, commune FROM host_sites
     WHERE tenant_id = $1 AND host_employer_id = $2 ORDER BY name, id`,
    [tenantId, hostId],
  );
  return rows;
};

/** One site of the tenant. */
export const findSite = async (tx: Tx, tenantId: string, id: string): Promise<Site | undefined> => {
  const { rows } = await tx.query<Site>(
    `SELECT id, host_employer_id AS "hostEmployerId", name, address, commune FROM host_sites
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id],
  );
  return rows[0];
};

/** Saves the profile and the derived status of a host. */
export const saveHost = async (tx: Tx, h: SafetyHost): Promise<void> => {
  await tx.query(
    `UPDATE hosts SET risk_level = $3, assigned_safety_officer_id = $4, safety_status = $5, status_reason = $6,
       status_since = $7, next_periodic_due = $8
     WHERE tenant_id = $1 AND id = $2`,
    [
      h.tenantId,
      h.id,
      h.riskLevel,
      h.assignedSafetyOfficerId,
      h.safetyStatus,
      h.statusReason,
      h.statusSince,
      h.nextPeriodicDue,
    ],
  );
};

/** A page of the tenant's hosts by name, optionally of one status or sector. */
export const listHosts = async (
  tx: Tx,
  tenantId: string,
  query: {
    readonly safetyStatus?: SafetyStatus | undefined;
    readonly sector?: string | undefined;
    readonly after?: { readonly name: string; readonly id: string } | undefined;
    readonly limit: number;
  },
): Promise<SafetyHost[]> => {
  const { rows } = await tx.query<SafetyHost>(
    `${HOST} WHERE tenant_id = $1 AND ($2::text IS NULL OR safety_status = $2) AND ($3::text IS NULL OR sector = $3)
       AND ($4::text IS NULL OR (name, id) > ($4, $5::uuid))
     ORDER BY name, id LIMIT $6`,
    [
      tenantId,
      query.safetyStatus ?? null,
      query.sector ?? null,
      query.after?.name ?? null,
      query.after?.id ?? null,
      query.limit,
    ],
  );
  return rows;
};

/** One change of a host's safety status. */
export interface StatusChange {
  readonly id: string;
  readonly from: SafetyStatus;
  readonly to: SafetyStatus;
  readonly reasonCode: string;
  readonly visitId: string | null;
  readonly assessedOn: string;
  readonly at: string;
}

/** Appends a change to the host's safety history. */
export const insertStatusChange = async (tx: Tx, host: SafetyHost, c: StatusChange): Promise<void> => {
  await tx.query(
    `INSERT INTO host_status_history (id, tenant_id, host_employer_id, from_status, to_status, reason_code, visit_id,
       assessed_on, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [c.id, host.tenantId, host.id, c.from, c.to, c.reasonCode, c.visitId, c.assessedOn, c.at],
  );
};

/** A page of a host's safety history, oldest first. */
export const listStatusHistory = async (
  tx: Tx,
  tenantId: string,
  hostId: string,
  page: { readonly after?: { readonly at: string; readonly id: string } | undefined; readonly limit: number },
): Promise<StatusChange[]> => {
  const { rows } = await tx.query<Omit<StatusChange, 'at'> & { at: Date }>(
    `SELECT id, from_status AS "from", to_status AS "to", reason_code AS "reasonCode", visit_id AS "visitId",
            assessed_on AS "assessedOn", at
     FROM host_status_history WHERE tenant_id = $1 AND host_employer_id = $2
       AND ($3::timestamptz IS NULL OR (at, id) > ($3, $4::uuid))
     ORDER BY at, id LIMIT $5`,
    [tenantId, hostId, page.after?.at ?? null, page.after?.id ?? null, page.limit],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
};
