import type { Tx } from '@relais/messaging';
import type { HostEmployer, HostSite, PartnerChange, PartnerStatus } from '../domain/host.ts';

interface HostRow {
  id: string;
  tenant_id: string;
  enterprise_number: string;
  name: string;
  legal_type: HostEmployer['legalType'];
  sector: string;
  tutor_name: string;
  tutor_email: string | null;
  tutor_phone: string | null;
  partner_status: PartnerStatus;
  safety_status: HostEmployer['safetyStatus'];
  safety_assessed_on: string | null;
}

/** A host without its sites, as lists show it. */
export type HostSummary = Omit<HostEmployer, 'sites'>;

const COLUMNS = `id, tenant_id, enterprise_number, name, legal_type, sector, tutor_name, tutor_email, tutor_phone,
  partner_status, safety_status, safety_assessed_on`;

const toSummary = (r: HostRow): HostSummary => ({
  id: r.id,
  tenantId: r.tenant_id,
  enterpriseNumber: r.enterprise_number,
  name: r.name,
  legalType: r.legal_type,
  sector: r.sector,
  tutor: { name: r.tutor_name, email: r.tutor_email, phone: r.tutor_phone },
  partnerStatus: r.partner_status,
  safetyStatus: r.safety_status,
  safetyAssessedOn: r.safety_assessed_on,
});

/** Stores a site of a host. */
export const insertSite = async (
  tx: Tx,
  host: Pick<HostEmployer, 'id' | 'tenantId'>,
  s: HostSite,
): Promise<void> => {
  await tx.query(
    `INSERT INTO host_sites (id, tenant_id, host_employer_id, name, address, commune, lat, lon)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [s.id, host.tenantId, host.id, s.name, s.address, s.commune, s.lat, s.lon],
  );
};

/** Stores a new host and its sites; returns false when the CPAS already has this enterprise number. */
export const insertHost = async (tx: Tx, h: HostEmployer): Promise<boolean> => {
  const inserted = await tx.query(
    `INSERT INTO host_employers (id, tenant_id, enterprise_number, name, legal_type, sector, tutor_name, tutor_email,
       tutor_phone, partner_status, safety_status, safety_assessed_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (tenant_id, enterprise_number) DO NOTHING`,
    [
      h.id,
      h.tenantId,
      h.enterpriseNumber,
      h.name,
      h.legalType,
      h.sector,
      h.tutor.name,
      h.tutor.email,
      h.tutor.phone,
      h.partnerStatus,
      h.safetyStatus,
      h.safetyAssessedOn,
    ],
  );
  if (inserted.rowCount !== 1) return false;
  for (const site of h.sites) await insertSite(tx, h, site);
  return true;
};

/**
 * One host of the tenant with its sites. `lock: 'update'` locks the host row for a status
 * change; `'share'` keeps its status from changing until the caller commits (opening a position).
 */
export const findHost = async (
  tx: Tx,
  tenantId: string,
  id: string,
  lock?: 'update' | 'share',
): Promise<HostEmployer | undefined> => {
  const { rows } = await tx.query<HostRow>(
    `SELECT ${COLUMNS} FROM host_employers WHERE tenant_id = $1 AND id = $2 ${lock ? `FOR ${lock.toUpperCase()}` : ''}`,
    [tenantId, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const sites = await tx.query<HostSite>(
    `SELECT id, name, address, commune, lat, lon FROM host_sites
     WHERE tenant_id = $1 AND host_employer_id = $2 ORDER BY id`,
    [tenantId, id],
  );
  return { ...toSummary(row), sites: sites.rows };
};

/** Saves the partner and safety status of a host. */
export const saveHostStatus = async (tx: Tx, h: HostEmployer): Promise<void> => {
  await tx.query(
    `UPDATE host_employers SET partner_status = $3, safety_status = $4, safety_assessed_on = $5,
       updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND id = $2`,
    [h.tenantId, h.id, h.partnerStatus, h.safetyStatus, h.safetyAssessedOn],
  );
};

/** One entry of a host's partner history. */
export interface PartnerHistoryEntry {
  readonly from: PartnerStatus | null;
  readonly to: PartnerStatus;
  readonly reason: string;
  readonly sourceEventId: string | null;
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly at: string;
}

/** Appends a change to the host's partner history. */
export const recordPartnerChange = async (
  tx: Tx,
  host: Pick<HostEmployer, 'id' | 'tenantId'>,
  change: PartnerChange,
  entry: { readonly id: string; readonly at: string },
): Promise<void> => {
  await tx.query(
    `INSERT INTO host_partner_history
       (id, tenant_id, host_employer_id, from_status, to_status, reason, source_event_id, actor_id, actor_role, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      entry.id,
      host.tenantId,
      host.id,
      change.from,
      change.to,
      change.reason,
      change.sourceEventId,
      change.actor?.id ?? null,
      change.actor?.role ?? null,
      entry.at,
    ],
  );
};

/** A host's partner history, oldest first. */
export const listPartnerHistory = async (
  tx: Tx,
  tenantId: string,
  hostId: string,
): Promise<PartnerHistoryEntry[]> => {
  const { rows } = await tx.query<Omit<PartnerHistoryEntry, 'at'> & { at: Date }>(
    `SELECT from_status AS "from", to_status AS "to", reason, source_event_id AS "sourceEventId",
            actor_id AS "actorId", actor_role AS "actorRole", at
     FROM host_partner_history WHERE tenant_id = $1 AND host_employer_id = $2 ORDER BY at, id`,
    [tenantId, hostId],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
};

/** Filters and page of a host list; `after` is the (name, id) of the previous page's last host. */
export interface HostListQuery {
  readonly partnerStatus?: PartnerStatus | undefined;
  readonly sector?: string | undefined;
  readonly q?: string | undefined;
  readonly limit: number;
  readonly offset?: number | undefined;
  readonly after?: { readonly name: string; readonly id: string } | undefined;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** A page of the tenant's hosts, by name. */
export const listHosts = async (
  tx: Tx,
  tenantId: string,
  query: HostListQuery,
): Promise<{ items: HostSummary[]; hasMore: boolean }> => {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const add = (clause: (n: string) => string, ...values: unknown[]) => {
    params.push(...values);
    where.push(clause(String(params.length)));
  };
  if (query.partnerStatus) add((n) => `partner_status = $${n}`, query.partnerStatus);
  if (query.sector) add((n) => `sector = $${n}`, query.sector);
  if (query.q) add((n) => `name ILIKE $${n}`, likePattern(query.q));
  if (query.after) {
    params.push(query.after.name, query.after.id);
    where.push(`(name, id) > ($${String(params.length - 1)}, $${String(params.length)}::uuid)`);
  }
  // One more than the page, to tell whether another page follows.
  params.push(query.limit + 1, query.offset ?? 0);
  const { rows } = await tx.query<HostRow>(
    `SELECT ${COLUMNS} FROM host_employers WHERE ${where.join(' AND ')}
     ORDER BY name, id LIMIT $${String(params.length - 1)} OFFSET $${String(params.length)}`,
    params,
  );
  return { items: rows.slice(0, query.limit).map(toSummary), hasMore: rows.length > query.limit };
};
