import type { Tx } from '@relais/messaging';
import type { MatchablePosition } from '../domain/model.ts';

/** A position as matching sees it, with what decides whether it may be matched at all. */
export interface PositionForMatching extends MatchablePosition {
  readonly hostEmployerId: string;
  readonly status: string;
  readonly fillDeadline: string | null;
  readonly hostPartnerStatus: string;
  readonly hostSafetyStatus: string;
}

interface Row {
  id: string;
  host_employer_id: string;
  sector: string;
  title: string;
  required_skills: string[];
  desired_skills: string[];
  min_languages: MatchablePosition['minLanguages'];
  schedule: MatchablePosition['schedule'];
  physical_demands: MatchablePosition['physicalDemands'];
  driving_licence_required: boolean;
  criminal_record_acceptable: boolean;
  lat: number;
  lon: number;
  status: string;
  fill_deadline: string | null;
  partner_status: string;
  safety_status: string;
}

const SELECT = `SELECT p.id, p.host_employer_id, h.sector, p.title, p.required_skills, p.desired_skills, p.min_languages,
       p.schedule, p.physical_demands, p.driving_licence_required, p.criminal_record_acceptable, s.lat, s.lon,
       p.status, p.fill_deadline, h.partner_status, h.safety_status
  FROM positions p JOIN host_employers h ON h.id = p.host_employer_id JOIN host_sites s ON s.id = p.site_id`;

const toPosition = (r: Row): PositionForMatching => ({
  id: r.id,
  hostEmployerId: r.host_employer_id,
  sector: r.sector,
  title: r.title,
  requiredSkills: r.required_skills,
  desiredSkills: r.desired_skills,
  minLanguages: r.min_languages,
  schedule: r.schedule,
  physicalDemands: r.physical_demands,
  drivingLicenceRequired: r.driving_licence_required,
  criminalRecordAcceptable: r.criminal_record_acceptable,
  site: { lat: r.lat, lon: r.lon },
  status: r.status,
  fillDeadline: r.fill_deadline,
  hostPartnerStatus: r.partner_status,
  hostSafetyStatus: r.safety_status,
});

/** One position with its host's statuses and its site's location. */
export const findPositionForMatching = async (
  tx: Tx,
  tenantId: string,
  positionId: string,
  forUpdate = false,
): Promise<PositionForMatching | undefined> => {
  const { rows } = await tx.query<Row>(
    `${SELECT} WHERE p.tenant_id = $1 AND p.id = $2 ${forUpdate ? 'FOR UPDATE OF p' : ''}`,
    [tenantId, positionId],
  );
  return rows[0] ? toPosition(rows[0]) : undefined;
};

/** Open positions whose host is an approved partner cleared for new placements. */
export const listMatchablePositions = async (tx: Tx, tenantId: string): Promise<PositionForMatching[]> => {
  const { rows } = await tx.query<Row>(
    `${SELECT} WHERE p.tenant_id = $1 AND p.status = 'open' AND h.partner_status = 'approved'
       AND h.safety_status IN ('cleared', 'cleared_with_conditions') ORDER BY p.id`,
    [tenantId],
  );
  return rows.map(toPosition);
};
