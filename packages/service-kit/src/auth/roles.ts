/** Roles of CPAS staff and of the platform's operator (issue 7). */
export const ROLES = [
  'placement_officer',
  'safety_officer',
  'social_worker',
  'committee_member',
  'committee_secretary',
  'cpas_admin',
  'platform_operator',
] as const;

/** A role of a person using the platform. */
export type UserRole = (typeof ROLES)[number];
