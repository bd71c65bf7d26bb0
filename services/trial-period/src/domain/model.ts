/** Who acts on a trial: CPAS staff in a role, or `system` when the platform follows an event or a schedule. */
export type Role =
  | 'placement_officer'
  | 'safety_officer'
  | 'social_worker'
  | 'committee_member'
  | 'committee_secretary'
  | 'cpas_admin'
  | 'platform_operator'
  | 'system';

/** The person (or the platform) making a command, as recorded in the trial's history. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
}

/** Adds days to a calendar day (`YYYY-MM-DD`), in UTC so no daylight-saving shift moves the day. */
export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
