import type { Tx } from '@relais/messaging';
import type { Pool } from 'pg';
import type { Position, PositionStatus } from '../domain/position.ts';

interface PositionRow {
  id: string;
  tenant_id: string;
  host_employer_id: string;
  site_id: string;
  title: string;
  tasks: string;
  required_skills: string[];
  desired_skills: string[];
  min_languages: Position['minLanguages'];
  schedule: Position['schedule'];
  physical_demands: Position['physicalDemands'];
  driving_licence_required: boolean;
  criminal_record_acceptable: boolean;
  openings: number;
  filled: number;
  wished_start: string | null;
  fill_deadline: string | null;
  status: PositionStatus;
  opened_on: string;
  expires_on: string;
}

const COLUMNS = `id, tenant_id, host_employer_id, site_id, title, tasks, required_skills, desired_skills, min_languages,
  schedule, physical_demands, driving_licence_required, criminal_record_acceptable, openings, filled, wished_start,
  fill_deadline, status, opened_on, expires_on`;

const toPosition = (r: PositionRow): Position => ({
  id: r.id,
  tenantId: r.tenant_id,
  hostEmployerId: r.host_employer_id,
  siteId: r.site_id,
  title: r.title,
  tasks: r.tasks,
  requiredSkills: r.required_skills,
  desiredSkills: r.desired_skills,
  minLanguages: r.min_languages,
  schedule: r.schedule,
  physicalDemands: r.physical_demands,
  drivingLicenceRequired: r.driving_licence_required,
  criminalRecordAcceptable: r.criminal_record_acceptable,
  openings: r.openings,
  filled: r.filled,
  wishedStart: r.wished_start,
  fillDeadline: r.fill_deadline,
  status: r.status,
  openedOn: r.opened_on,
  expiresOn: r.expires_on,
});

/** Stores a new position. */
export const insertPosition = async (tx: Tx, p: Position): Promise<void> => {
  const values = [
    p.id,
    p.tenantId,
    p.hostEmployerId,
    p.siteId,
    p.title,
    p.tasks,
    p.requiredSkills,
    p.desiredSkills,
    JSON.stringify(p.minLanguages),
    JSON.stringify(p.schedule),
    p.physicalDemands,
    p.drivingLicenceRequired,
    p.criminalRecordAcceptable,
    p.openings,
    p.filled,
    p.wishedStart,
    p.fillDeadline,
    p.status,
    p.openedOn,
    p.expiresOn,
  ];
  await tx.query(
    `INSERT INTO positions (${COLUMNS}) VALUES (${values.map((_, i) => `$${String(i + 1)}`).join(', ')})`,
    values,
  );
};

/** One position of the tenant; `forUpdate` locks it for a status change. */
export const findPosition = async (
  tx: Tx,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<Position | undefined> => {
  const { rows } = await tx.query<PositionRow>(
    `SELECT ${COLUMNS} FROM positions WHERE tenant_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ? toPosition(rows[0]) : undefined;
};

/** Saves the status and fill count of a position. */
export const savePositionStatus = async (
  tx: Tx,
  p: Position,
  closeReason: string | null = null,
): Promise<void> => {
  await tx.query(
    `UPDATE positions SET status = $3, filled = $4, close_reason = COALESCE($5, close_reason), updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND id = $2`,
    [p.tenantId, p.id, p.status, p.filled, closeReason],
  );
};

/** Filters and page of a position list; `after` is the (expires_on, id) of the previous page's last position. */
export interface PositionListQuery {
  readonly status?: PositionStatus | undefined;
  readonly hostEmployerId?: string | undefined;
  /** Only positions whose fill deadline is before this day. */
  readonly fillDeadlineBefore?: string | undefined;
  /** Only open positions expiring on or before this day (stale ones not yet expired included). */
  readonly expiringBy?: string | undefined;
  readonly limit: number;
  readonly offset?: number | undefined;
  readonly after?: { readonly expiresOn: string; readonly id: string } | undefined;
}

/** A page of the tenant's positions, the soonest to expire first. */
export const listPositions = async (
  tx: Tx,
  tenantId: string,
  query: PositionListQuery,
): Promise<{ items: Position[]; hasMore: boolean }> => {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(String(params.length)));
  };
  if (query.status) add((n) => `status = $${n}`, query.status);
  if (query.hostEmployerId) add((n) => `host_employer_id = $${n}`, query.hostEmployerId);
  if (query.fillDeadlineBefore) add((n) => `fill_deadline < $${n}`, query.fillDeadlineBefore);
  if (query.expiringBy) add((n) => `status = 'open' AND expires_on <= $${n}`, query.expiringBy);
  if (query.after) {
    params.push(query.after.expiresOn, query.after.id);
    where.push(`(expires_on, id) > ($${String(params.length - 1)}::date, $${String(params.length)}::uuid)`);
  }
  // One more than the page, to tell whether another page follows.
  params.push(query.limit + 1, query.offset ?? 0);
  const { rows } = await tx.query<PositionRow>(
    `SELECT ${COLUMNS} FROM positions WHERE ${where.join(' AND ')}
     ORDER BY expires_on, id LIMIT $${String(params.length - 1)} OFFSET $${String(params.length)}`,
    params,
  );
  return { items: rows.slice(0, query.limit).map(toPosition), hasMore: rows.length > query.limit };
};

/**
 * CPAS with open positions past their expiry day. Read across tenants through the platform pool
 * (`context.platformPool`, read-only for every CPAS): each CPAS's positions are then expired in
 * a tenant transaction of its own.
 */
export const tenantsWithStalePositions = async (platformPool: Pool, today: string): Promise<string[]> => {
  const { rows } = await platformPool.query<{ tenant_id: string }>(
    `SELECT DISTINCT tenant_id FROM positions WHERE status = 'open' AND expires_on < $1`,
    [today],
  );
  return rows.map((r) => r.tenant_id);
};

/**
 * Locks up to `limit` of the tenant's stale open positions. Rows another instance holds are
 * skipped (SKIP LOCKED), and a row it expired meanwhile no longer matches `status = 'open'`
 * when re-checked, so each position is expired exactly once.
 */
export const lockStalePositions = async (
  tx: Tx,
  tenantId: string,
  today: string,
  limit: number,
): Promise<Position[]> => {
  const { rows } = await tx.query<PositionRow>(
    `SELECT ${COLUMNS} FROM positions WHERE tenant_id = $1 AND status = 'open' AND expires_on < $2
     ORDER BY expires_on, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [tenantId, today, limit],
  );
  return rows.map(toPosition);
};
