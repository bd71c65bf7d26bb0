import { defineAccess, type UserRole } from '@relais/service-kit';

/**
 * CPAS staff who read the figures of their own CPAS. The figures name no person and are never
 * grouped by a user (seed 004 §2.2: statistics are resisted as a tool to control each agent's
 * work); small counts are suppressed for every role alike. The platform operator sees no CPAS's
 * figures: it only rebuilds the read model.
 */
const STAFF: readonly UserRole[] = [
  'placement_officer',
  'social_worker',
  'safety_officer',
  'committee_member',
  'committee_secretary',
  'cpas_admin',
];

/** Who may see a person's case as it stood on a date (an appeal): those who work on the case. */
const CASE: readonly UserRole[] = [
  'social_worker',
  'placement_officer',
  'committee_member',
  'committee_secretary',
];

/** Who may do what in the statistics service. */
export const access = defineAccess({
  'GET /statistics': { roles: STAFF },
  'GET /statistics/export.csv': { roles: STAFF },
  'GET /persons/:personId/case-on-date': {
    roles: CASE,
    audit: { record: 'placement_case', personParam: 'personId' },
  },
  'GET /read-model/generations': { roles: ['platform_operator'] },
  'POST /read-model/rebuilds': { roles: ['platform_operator'] },
});
