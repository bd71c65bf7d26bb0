import { defineAccess } from '@relais/service-kit';

const person = { record: 'income_coverage', personParam: 'personId' } as const;

/**
 * Who may do what in income-continuity. The social service owns the RI file; the placement
 * officer sees what the placement changes for the person's income (seed 004, "AS injoignable":
 * aid at risk must be seen before a placement starts); the committee sees the coverage it
 * ratifies. Safety officers and the platform operator see nothing of a person's income.
 */
export const access = defineAccess({
  'GET /persons/:personId/income-coverage': {
    roles: ['social_worker', 'placement_officer', 'committee_member', 'committee_secretary'],
    audit: person,
  },
  'GET /persons/:personId/timeline': { roles: ['social_worker', 'placement_officer'], audit: person },
  'GET /persons/:personId/follow-ups': {
    roles: ['placement_officer', 'social_worker'],
    audit: { ...person, record: 'isp_follow_up' },
  },
  'POST /persons/:personId/integration-income': { roles: ['social_worker'], audit: person },
  'POST /persons/:personId/unemployment-benefits': { roles: ['social_worker'], audit: person },
  'GET /persons/:personId/aid-requests': {
    roles: ['social_worker', 'placement_officer'],
    audit: { ...person, record: 'aid_request' },
  },
  'POST /persons/:personId/aid-requests': {
    roles: ['social_worker'],
    audit: { ...person, record: 'aid_request' },
  },
  // Issue 11, outcomes: the staff who follow the person after the placement (ISP and the social
  // service) see and record what became of them; the committee and others see individual
  // outcomes nowhere (the statistics read model counts them without names).
  'GET /persons/:personId/outcome-checks': {
    roles: ['placement_officer', 'social_worker'],
    audit: { ...person, record: 'placement_outcome' },
  },
  'GET /outcome-checks': {
    roles: ['placement_officer', 'social_worker'],
    audit: { record: 'placement_outcome' },
  },
  'POST /outcome-checks/:checkId/outcome': {
    roles: ['placement_officer', 'social_worker'],
    audit: { record: 'placement_outcome' },
  },
  'POST /outcome-checks/:checkId/outcome-corrections': {
    roles: ['placement_officer', 'social_worker'],
    audit: { record: 'placement_outcome' },
  },
  'POST /persons/:personId/aid-requests/:aidRequestId/closure': {
    roles: ['social_worker'],
    audit: { ...person, record: 'aid_request' },
  },
});
