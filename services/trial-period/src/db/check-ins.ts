import type { Pool } from 'pg';
import type { Tx } from '@relais/messaging';
import type { CheckIn, Voice } from '../domain/check-in.ts';

interface CheckInRow {
  id: string;
  tenant_id: string;
  trial_period_id: string;
  sequence: number;
  due_on: string;
  status: CheckIn['status'];
  held_on: string | null;
  difficulties: CheckIn['difficulties'];
  support_actions: CheckIn['supportActions'];
  disagreements: CheckIn['disagreements'];
  flagged: boolean;
  reminded_on: string | null;
}

interface VoiceRow {
  check_in_id: string;
  voice: Voice['voice'];
  ratings: Voice['ratings'];
  comment: string | null;
  source: Voice['source'];
  given_on: string;
  recorded_by: string | null;
  tutor_link_id: string | null;
}

/** A check-in with the person whose trial it is (read from the trial, not stored twice). */
export type CheckInOfPerson = CheckIn & { readonly personId: string };

const COLUMNS = `id, tenant_id, trial_period_id, sequence, due_on, status, held_on, difficulties, support_actions,
  disagreements, flagged, reminded_on`;

const VOICE_ORDER = { worker: 0, tutor: 1, officer: 2 } as const;

const toVoice = (v: VoiceRow): Voice => ({
  voice: v.voice,
  ratings: v.ratings,
  comment: v.comment,
  source: v.source,
  givenOn: v.given_on,
  recordedBy: v.recorded_by,
  tutorLinkId: v.tutor_link_id,
});

const toCheckIn = (r: CheckInRow, voices: readonly VoiceRow[]): CheckIn => ({
  id: r.id,
  tenantId: r.tenant_id,
  trialPeriodId: r.trial_period_id,
  sequence: r.sequence,
  dueOn: r.due_on,
  status: r.status,
  heldOn: r.held_on,
  difficulties: r.difficulties,
  supportActions: r.support_actions,
  disagreements: r.disagreements,
  flagged: r.flagged,
  remindedOn: r.reminded_on,
  voices: voices
    .filter((v) => v.check_in_id === r.id)
    .sort((a, b) => VOICE_ORDER[a.voice] - VOICE_ORDER[b.voice])
    .map(toVoice),
});

const voicesOf = async (tx: Tx, rows: readonly CheckInRow[]): Promise<VoiceRow[]> => {
  if (rows.length === 0) return [];
  const { rows: voices } = await tx.query<VoiceRow>(
    `SELECT check_in_id, voice, ratings, comment, source, given_on, recorded_by, tutor_link_id
     FROM check_in_voices WHERE check_in_id = ANY($1::uuid[])`,
    [rows.map((r) => r.id)],
  );
  return voices;
};

const withVoices = async (tx: Tx, rows: CheckInRow[]): Promise<CheckIn[]> => {
  const voices = await voicesOf(tx, rows);
  return rows.map((r) => toCheckIn(r, voices));
};

/** Plans the check-ins of a newly opened trial. */
export const insertScheduledCheckIns = async (
  tx: Tx,
  trial: { readonly id: string; readonly tenantId: string },
  dueDates: readonly string[],
  newId: () => string,
): Promise<void> => {
  for (const [index, dueOn] of dueDates.entries()) {
    await tx.query(
      `INSERT INTO check_ins (id, tenant_id, trial_period_id, sequence, due_on, status)
       VALUES ($1, $2, $3, $4, $5, 'scheduled')`,
      [newId(), trial.tenantId, trial.id, index + 1, dueOn],
    );
  }
};

/** One check-in of a trial of the tenant, locked when `forUpdate` (SKIP LOCKED when `skipLocked`). */
export const findCheckIn = async (
  tx: Tx,
  tenantId: string,
  id: string,
  lock: 'none' | 'update' | 'skip_locked' = 'none',
): Promise<CheckIn | undefined> => {
  const suffix = { none: '', update: 'FOR UPDATE', skip_locked: 'FOR UPDATE SKIP LOCKED' }[lock];
  const { rows } = await tx.query<CheckInRow>(
    `SELECT ${COLUMNS} FROM check_ins WHERE tenant_id = $1 AND id = $2 ${suffix}`,
    [tenantId, id],
  );
  return (await withVoices(tx, rows))[0];
};

/** The check-ins of one trial, in schedule order. */
export const listCheckInsOfTrial = async (tx: Tx, tenantId: string, trialId: string): Promise<CheckIn[]> => {
  const { rows } = await tx.query<CheckInRow>(
    `SELECT ${COLUMNS} FROM check_ins WHERE tenant_id = $1 AND trial_period_id = $2 ORDER BY sequence`,
    [tenantId, trialId],
  );
  return withVoices(tx, rows);
};

/** A page of the tenant's check-ins flagged for the officer's attention (disagreement), by id. */
export const listFlaggedCheckIns = async (
  tx: Tx,
  tenantId: string,
  page: { readonly after?: string | undefined; readonly limit: number },
): Promise<CheckInOfPerson[]> => {
  const { rows } = await tx.query<CheckInRow & { person_id: string }>(
    `SELECT ${COLUMNS}, (SELECT person_id FROM trial_periods t WHERE t.id = c.trial_period_id) AS person_id
     FROM check_ins c WHERE tenant_id = $1 AND flagged AND ($2::uuid IS NULL OR id > $2)
     ORDER BY id LIMIT $3`,
    [tenantId, page.after ?? null, page.limit + 1],
  );
  const voices = await voicesOf(tx, rows);
  return rows.map((r) => ({ ...toCheckIn(r, voices), personId: r.person_id }));
};

/** Stores a check-in's state (held, disagreements) and the voices newly given. */
export const saveCheckIn = async (
  tx: Tx,
  checkIn: CheckIn,
  newVoices: readonly Voice[],
  by: { readonly id: string; readonly role: string } | null,
): Promise<void> => {
  await tx.query(
    `UPDATE check_ins SET status = $3, held_on = $4, difficulties = $5, support_actions = $6, disagreements = $7,
       flagged = $8, recorded_by = COALESCE($9, recorded_by), recorded_by_role = COALESCE($10, recorded_by_role),
       updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND id = $2`,
    [
      checkIn.tenantId,
      checkIn.id,
      checkIn.status,
      checkIn.heldOn,
      JSON.stringify(checkIn.difficulties),
      JSON.stringify(checkIn.supportActions),
      JSON.stringify(checkIn.disagreements),
      checkIn.flagged,
      by?.id ?? null,
      by?.role ?? null,
    ],
  );
  for (const v of newVoices) {
    await tx.query(
      `INSERT INTO check_in_voices (check_in_id, tenant_id, voice, ratings, comment, source, given_on, recorded_by,
         tutor_link_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        checkIn.id,
        checkIn.tenantId,
        v.voice,
        JSON.stringify(v.ratings),
        v.comment,
        v.source,
        v.givenOn,
        v.recordedBy,
        v.tutorLinkId,
      ],
    );
  }
};

/** A trial closed or decided: its check-ins still to come will not be held (no reminders either). */
export const cancelScheduledCheckIns = async (tx: Tx, tenantId: string, trialId: string): Promise<void> => {
  await tx.query(
    `UPDATE check_ins SET status = 'cancelled', updated_at = clock_timestamp()
     WHERE tenant_id = $1 AND trial_period_id = $2 AND status = 'scheduled'`,
    [tenantId, trialId],
  );
};

/**
 * Check-ins that may be overdue, across CPAS: identifiers only, with the grace days of the
 * settings their trial was opened with. Each is then locked with SKIP LOCKED and re-checked.
 * `platformPool` is the platform scope, the only one row-level security lets see every CPAS
 * (read only: the reminder itself is written in the check-in's CPAS's transaction).
 */
export const listOverdueCandidates = async (
  platformPool: Pool,
  today: string,
  limit: number,
): Promise<{ id: string; tenantId: string; graceDays: number }[]> => {
  const { rows } = await platformPool.query<{ id: string; tenantId: string; graceDays: number }>(
    `SELECT c.id, c.tenant_id AS "tenantId", s.overdue_grace_days AS "graceDays"
     FROM check_ins c
     JOIN trial_periods t ON t.id = c.trial_period_id
     JOIN trial_settings s ON s.id = t.settings_id
     WHERE c.status = 'scheduled' AND c.reminded_on IS NULL AND t.status = 'running'
       AND c.due_on + s.overdue_grace_days < $1::date
     ORDER BY c.due_on, c.id LIMIT $2`,
    [today, limit],
  );
  return rows;
};

/** Records that the officer was reminded of a check-in. */
export const markReminded = async (tx: Tx, checkIn: CheckIn, today: string): Promise<void> => {
  await tx.query(
    `UPDATE check_ins SET reminded_on = $3, updated_at = clock_timestamp() WHERE tenant_id = $1 AND id = $2`,
    [checkIn.tenantId, checkIn.id, today],
  );
};
