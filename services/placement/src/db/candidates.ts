import { firstRow, runStatement, type Queryable, type Statement, type Tx } from '@relais/messaging';
import type { QueryResult } from 'pg';
import type { Candidate } from '../domain/candidate.ts';
import type { CandidateStatus } from '../domain/model.ts';

interface CandidateRow {
  id: string;
  tenant_id: string;
  niss: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  income_category: Candidate['incomeCategory'];
  languages: Candidate['languages'];
  skills: string[];
  skills_note: string | null;
  experience_note: string | null;
  driving_licence: boolean;
  time_windows: Candidate['timeWindows'];
  days_unavailable: Candidate['daysUnavailable'];
  home_commune: string;
  home_lat: number;
  home_lon: number;
  max_travel_km: string;
  health_restrictions: Candidate['healthRestrictions'];
  has_criminal_record: boolean;
  wished_sectors: string[];
  wished_jobs: string[];
  wishes_in_own_words: string | null;
  work_readiness: Candidate['workReadiness'];
  days_needed_for_rights: number;
  referred_on: string;
  status: CandidateStatus;
  version: number;
}

const toCandidate = (r: CandidateRow): Candidate => ({
  id: r.id,
  tenantId: r.tenant_id,
  niss: r.niss,
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  phone: r.phone,
  incomeCategory: r.income_category,
  languages: r.languages,
  skills: r.skills,
  skillsNote: r.skills_note,
  experienceNote: r.experience_note,
  drivingLicence: r.driving_licence,
  timeWindows: r.time_windows,
  daysUnavailable: r.days_unavailable,
  homeCommune: r.home_commune,
  home: { lat: r.home_lat, lon: r.home_lon },
  maxTravelKm: Number(r.max_travel_km),
  healthRestrictions: r.health_restrictions,
  hasCriminalRecord: r.has_criminal_record,
  wishedSectors: r.wished_sectors,
  wishedJobs: r.wished_jobs,
  wishesInOwnWords: r.wishes_in_own_words,
  workReadiness: r.work_readiness,
  daysNeededForRights: r.days_needed_for_rights,
  referredOn: r.referred_on,
  status: r.status,
  version: r.version,
});

const COLUMNS = `id, tenant_id, niss, first_name, last_name, email, phone, income_category, languages, skills, skills_note,
  experience_note, driving_licence, time_windows, days_unavailable, home_commune, home_lat, home_lon, max_travel_km,
  health_restrictions, has_criminal_record, wished_sectors, wished_jobs, wishes_in_own_words, work_readiness,
  days_needed_for_rights, referred_on, status, version`;

const values = (c: Candidate) => [
  c.id,
  c.tenantId,
  c.niss,
  c.firstName,
  c.lastName,
  c.email,
  c.phone,
  c.incomeCategory,
  JSON.stringify(c.languages),
  c.skills,
  c.skillsNote,
  c.experienceNote,
  c.drivingLicence,
  JSON.stringify(c.timeWindows),
  c.daysUnavailable,
  c.homeCommune,
  c.home.lat,
  c.home.lon,
  c.maxTravelKm,
  c.healthRestrictions,
  c.hasCriminalRecord,
  c.wishedSectors,
  c.wishedJobs,
  c.wishesInOwnWords,
  c.workReadiness,
  c.daysNeededForRights,
  c.referredOn,
  c.status,
  c.version,
];

/** Stores a new candidate; returns false when the CPAS already follows this NISS. */
export const insertCandidate = async (tx: Tx, c: Candidate): Promise<boolean> => {
  const placeholders = values(c)
    .map((_, i) => `$${String(i + 1)}`)
    .join(', ');
  const result = await tx.query(
    `INSERT INTO candidates (${COLUMNS}) VALUES (${placeholders}) ON CONFLICT (tenant_id, niss) DO NOTHING`,
    values(c),
  );
  return result.rowCount === 1;
};

/**
 * Saves a changed candidate if nobody changed it since it was read (optimistic lock on
 * `version`); returns false on a concurrent change.
 */
export const saveCandidate = async (tx: Tx, c: Candidate, readVersion: number): Promise<boolean> => {
  const v = values(c);
  const assignments = COLUMNS.split(',')
    .map((col) => col.trim())
    .map((col, i) => `${col} = $${String(i + 1)}`)
    .slice(2);
  const result = await tx.query(
    `UPDATE candidates SET ${assignments.join(', ')}, updated_at = clock_timestamp()
     WHERE id = $1 AND tenant_id = $2 AND version = $${String(v.length + 1)}`,
    [...v, readVersion],
  );
  return result.rowCount === 1;
};

/** One candidate of the tenant. */
export const findCandidate = async (
  tx: Tx,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<Candidate | undefined> => {
  return candidateIn(await runStatement(tx, findCandidateStatement(tenantId, id, forUpdate)));
};

/** {@link findCandidate}'s statement, for a caller that sends it with BEGIN (see `inlineSql`). */
export const findCandidateStatement = (tenantId: string, id: string, forUpdate = false): Statement => ({
  text: `SELECT ${COLUMNS} FROM candidates WHERE tenant_id = $1 AND id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
  values: [tenantId, id],
});

/** The candidate a {@link findCandidateStatement} answered, if any. */
export const candidateIn = (result: QueryResult | undefined): Candidate | undefined =>
  firstRow(result, toCandidate);

/** Candidates by id (for shortlists), in no particular order. */
export const findCandidates = async (
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
  forUpdate = false,
): Promise<Candidate[]> => {
  const { rows } = await tx.query<CandidateRow>(
    `SELECT ${COLUMNS} FROM candidates WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id ${forUpdate ? 'FOR UPDATE' : ''}`,
    [tenantId, ids],
  );
  return rows.map(toCandidate);
};

/** Candidates matching can consider: everyone still followed (exited people are not), or only the available. */
export const listMatchableCandidates = async (
  tx: Tx,
  tenantId: string,
  onlyAvailable: boolean,
): Promise<Candidate[]> => {
  const { rows } = await tx.query<CandidateRow>(
    `SELECT ${COLUMNS} FROM candidates WHERE tenant_id = $1 AND ${onlyAvailable ? "status = 'available'" : "status <> 'exited'"}`,
    [tenantId],
  );
  return rows.map(toCandidate);
};

/** The first line of a candidate's history names who referred them. */
const REFERRAL = 'from_status IS NULL';

/** A page of candidates, oldest referral first (the longest-waiting on top); `referredBy` keeps one user's referrals. */
export const listCandidates = async (
  tx: Tx,
  tenantId: string,
  filter: {
    readonly status?: CandidateStatus;
    readonly q?: string;
    readonly referredBy?: string;
    readonly limit: number;
    readonly offset: number;
  },
): Promise<{ items: Candidate[]; total: number }> => {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  if (filter.referredBy) {
    params.push(filter.referredBy);
    where.push(
      `EXISTS (SELECT 1 FROM candidate_status_history h WHERE h.tenant_id = candidates.tenant_id
                 AND h.candidate_id = candidates.id AND h.${REFERRAL} AND h.actor_id = $${String(params.length)})`,
    );
  }
  if (filter.status) {
    params.push(filter.status);
    where.push(`status = $${String(params.length)}`);
  }
  if (filter.q) {
    params.push(`%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`(first_name ILIKE $${String(params.length)} OR last_name ILIKE $${String(params.length)})`);
  }
  const { rows } = await tx.query<CandidateRow & { total: string }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM candidates WHERE ${where.join(' AND ')}
     ORDER BY referred_on, id LIMIT $${String(params.length + 1)} OFFSET $${String(params.length + 2)}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: rows.map(toCandidate), total: Number(rows[0]?.total ?? 0) };
};

/** One entry of a candidate's status history. */
export interface StatusChange {
  readonly from: CandidateStatus | null;
  readonly to: CandidateStatus;
  readonly reason: string;
  readonly actorId: string;
  readonly actorRole: string;
  readonly at: string;
}

/** Appends to a candidate's status history. */
export const recordStatusChange = async (
  tx: Tx,
  tenantId: string,
  candidateId: string,
  id: string,
  change: StatusChange,
): Promise<void> => {
  await tx.query(
    `INSERT INTO candidate_status_history (id, tenant_id, candidate_id, from_status, to_status, reason, actor_id, actor_role, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      tenantId,
      candidateId,
      change.from,
      change.to,
      change.reason,
      change.actorId,
      change.actorRole,
      change.at,
    ],
  );
};

/**
 * One candidate of the tenant and who referred them (the actor of the first line of their
 * history), in one statement: every access to a candidate's record checks who follows them, and
 * a second statement cost each read a round trip (a quarter of its socket writes, measured).
 */
export const findCandidateAndReferrer = async (
  tx: Queryable,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<{ candidate: Candidate; referredBy: string | undefined } | undefined> => {
  const { rows } = await tx.query<CandidateRow & { referred_by: string | null }>(
    `SELECT ${COLUMNS},
            (SELECT h.actor_id FROM candidate_status_history h
              WHERE h.tenant_id = c.tenant_id AND h.candidate_id = c.id AND h.${REFERRAL}
              ORDER BY h.at, h.id LIMIT 1) AS referred_by
       FROM candidates c WHERE c.tenant_id = $1 AND c.id = $2 ${forUpdate ? 'FOR UPDATE OF c' : ''}`,
    [tenantId, id],
  );
  const row = rows[0];
  return row ? { candidate: toCandidate(row), referredBy: row.referred_by ?? undefined } : undefined;
};

/** A candidate's status history, oldest first. */
export const listStatusHistory = async (
  tx: Tx,
  tenantId: string,
  candidateId: string,
): Promise<StatusChange[]> => {
  const { rows } = await tx.query<StatusChange & { at: Date }>(
    `SELECT from_status AS "from", to_status AS "to", reason, actor_id AS "actorId", actor_role AS "actorRole", at
     FROM candidate_status_history WHERE tenant_id = $1 AND candidate_id = $2 ORDER BY at, id`,
    [tenantId, candidateId],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
};
