import type { Tx } from '@relais/messaging';

/** A host employer as the case summary shows it (no personal data). */
export interface HostFacts {
  readonly name: string;
  readonly legalType: string;
  readonly sector: string;
}

/** The trial behind a placement's end, with the placement officer's analysis. */
export interface TrialFacts {
  readonly trialPeriodId: string;
  readonly outcome: string;
  readonly lastWorkedDay: string;
  readonly reasonCode: string;
  readonly initiatedBy: string;
  readonly officerAnalysis: string | null;
}

export const upsertHost = async (
  tx: Tx,
  tenantId: string,
  hostEmployerId: string,
  h: HostFacts,
): Promise<void> => {
  await tx.query(
    `INSERT INTO hosts (tenant_id, host_employer_id, name, legal_type, sector) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, host_employer_id) DO UPDATE SET name = EXCLUDED.name, legal_type = EXCLUDED.legal_type,
       sector = EXCLUDED.sector`,
    [tenantId, hostEmployerId, h.name, h.legalType, h.sector],
  );
};

/** Records (or, for a correction, replaces) what the trial's end said. */
export const upsertTrial = async (
  tx: Tx,
  t: TrialFacts & { tenantId: string; placementId: string; personId: string; sourceEventId: string },
): Promise<void> => {
  await tx.query(
    `INSERT INTO trial_facts (tenant_id, placement_id, trial_period_id, person_id, outcome, last_worked_day, reason_code,
                              initiated_by, officer_analysis, source_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, placement_id) DO UPDATE
       SET outcome = EXCLUDED.outcome, last_worked_day = EXCLUDED.last_worked_day, reason_code = EXCLUDED.reason_code,
           initiated_by = EXCLUDED.initiated_by, officer_analysis = EXCLUDED.officer_analysis,
           source_event_id = EXCLUDED.source_event_id, recorded_at = clock_timestamp()`,
    [
      t.tenantId,
      t.placementId,
      t.trialPeriodId,
      t.personId,
      t.outcome,
      t.lastWorkedDay,
      t.reasonCode,
      t.initiatedBy,
      t.officerAnalysis,
      t.sourceEventId,
    ],
  );
};

export const findHost = async (
  tx: Tx,
  tenantId: string,
  hostEmployerId: string,
): Promise<HostFacts | undefined> => {
  const { rows } = await tx.query<HostFacts>(
    'SELECT name, legal_type AS "legalType", sector FROM hosts WHERE tenant_id = $1 AND host_employer_id = $2',
    [tenantId, hostEmployerId],
  );
  return rows[0];
};

export const findTrial = async (
  tx: Tx,
  tenantId: string,
  placementId: string,
): Promise<TrialFacts | undefined> => {
  const { rows } = await tx.query<TrialFacts>(
    `SELECT trial_period_id AS "trialPeriodId", outcome, last_worked_day AS "lastWorkedDay", reason_code AS "reasonCode",
            initiated_by AS "initiatedBy", officer_analysis AS "officerAnalysis"
       FROM trial_facts WHERE tenant_id = $1 AND placement_id = $2`,
    [tenantId, placementId],
  );
  return rows[0];
};
