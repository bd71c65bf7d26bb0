import { randomInt } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';

/**
 * Contracts waiting for placement's scheduled job `start-due-contracts`, written straight into
 * its database as the owner (a superuser: row-level security does not hold it), and what the
 * job made of them. Starting one is not idempotent by itself: it counts a filled opening on the
 * position and appends PlacementStarted, so a contract started twice shows in both.
 */
export interface DueContracts {
  /** Schedules `count` contracts starting yesterday (due now) on the one position; their ids. */
  schedule(count: number): Promise<string[]>;
  /** Of `ids`, how many have started. */
  started(ids: readonly string[]): Promise<number>;
  /** What the job did to every contract scheduled so far. */
  effects(): Promise<ContractEffects>;
  close(): Promise<void>;
}

/** The job's effects on the scheduled contracts; `lost` and `duplicates` must be 0. */
export interface ContractEffects {
  readonly scheduled: number;
  readonly started: number;
  /** Scheduled contracts that never started, and started ones that announced nothing. */
  readonly lost: number;
  /** PlacementStarted events beyond one per contract, plus filled openings beyond the started contracts. */
  readonly duplicates: number;
  /** Contracts with more than one PlacementStarted. */
  readonly startedTwice: number;
  /** The position's filled openings (one per started contract). */
  readonly filled: number;
}

/** One CPAS, one approved host with one site and one position with room for `openings` contracts. */
export const dueContracts = async (url: string, openings: number): Promise<DueContracts> => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const tenantId = uuidv7();
  const hostId = uuidv7();
  const positionId = uuidv7();
  const ids: string[] = [];
  await pool.query(
    `INSERT INTO host_employers (id, tenant_id, enterprise_number, name, legal_type, sector, tutor_name, partner_status)
     VALUES ($1, $2, $3, 'Chaos asbl', 'asbl', 'entretien', 'Tuteur', 'approved')`,
    [hostId, tenantId, `0${String(randomInt(100_000_000, 999_999_999))}`],
  );
  const siteId = uuidv7();
  await pool.query(
    `INSERT INTO host_sites (id, tenant_id, host_employer_id, name, address, commune, lat, lon)
     VALUES ($1, $2, $3, 'Siège', 'Rue de la Loi 1', 'Bruxelles', 50.846, 4.368)`,
    [siteId, tenantId, hostId],
  );
  await pool.query(
    `INSERT INTO positions (id, tenant_id, host_employer_id, site_id, title, tasks, required_skills, desired_skills,
                            min_languages, schedule, physical_demands, driving_licence_required,
                            criminal_record_acceptable, openings, status, opened_on, expires_on)
     VALUES ($1, $2, $3, $4, 'Agent d’entretien', 'Entretien des locaux', '{}', '{}', '[]', '{}', '{}', false,
             true, $5, 'open', current_date - 1, current_date + 365)`,
    [positionId, tenantId, hostId, siteId, openings],
  );
  return {
    async schedule(count) {
      const wave = Array.from({ length: count }, () => uuidv7());
      await pool.query(
        `INSERT INTO placements (id, tenant_id, person_id, host_employer_id, position_id, start_date,
                                 planned_end_date, weekly_hours, pay_scale, status)
         SELECT id, $2, gen_random_uuid(), $3, $4, current_date - 1, current_date + 365, 38, 'D1', 'scheduled'
           FROM unnest($1::uuid[]) AS id`,
        [wave, tenantId, hostId, positionId],
      );
      ids.push(...wave);
      return wave;
    },
    async started(wave) {
      const { rows } = await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM placements WHERE id = ANY($1::uuid[]) AND status = 'started'",
        [wave],
      );
      return rows[0]?.n ?? 0;
    },
    async effects() {
      const { rows } = await pool.query<{
        started: number;
        events: number;
        startedTwice: number;
        filled: number;
      }>(
        `SELECT (SELECT count(*)::int FROM placements WHERE id = ANY($1::uuid[]) AND status = 'started') AS started,
                (SELECT count(*)::int FROM outbox
                  WHERE event_type = 'PlacementStarted' AND (envelope->>'aggregateId')::uuid = ANY($1::uuid[])) AS events,
                (SELECT count(*)::int FROM (
                   SELECT envelope->>'aggregateId' FROM outbox
                    WHERE event_type = 'PlacementStarted' AND (envelope->>'aggregateId')::uuid = ANY($1::uuid[])
                    GROUP BY 1 HAVING count(*) > 1) AS twice) AS "startedTwice",
                (SELECT filled FROM positions WHERE id = $2) AS filled`,
        [ids, positionId],
      );
      const found = rows[0] ?? { started: 0, events: 0, startedTwice: 0, filled: 0 };
      return {
        scheduled: ids.length,
        started: found.started,
        lost: ids.length - found.started + Math.max(0, found.started - found.events),
        duplicates: Math.max(0, found.events - found.started) + Math.max(0, found.filled - found.started),
        startedTwice: found.startedTwice,
        filled: found.filled,
      };
    },
    close: () => pool.end(),
  };
};
