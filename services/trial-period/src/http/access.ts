import { defineAccess } from '@relais/service-kit';

const trial = { record: 'trial_period' } as const;
const outcome = { record: 'trial_outcome' } as const;
const checkIn = { record: 'check_in' } as const;

/**
 * Who may do what in trial-period. The placement officer runs the trial: check-ins, the tutor's
 * links, the outcome and its corrections. The social worker reads the trial and its outcome of a
 * person whose RI file they hold (an ended trial sends the person back to them: DOMAIN.md, "the ended trial with no income");
 * the committee reads the outcomes it ratifies; the CPAS administrator sets the trial's length
 * and schedule (no personal data). The check-ins themselves (the worker's, the tutor's and the
 * officer's words about the person at work) stay with the officer. Safety officers and the
 * platform operator see nothing here. Every read of a trial, an outcome or a check-in is
 * audited with the person its answer names (`personId` in each record).
 */
export const access = defineAccess({
  'GET /trial-periods': {
    roles: ['placement_officer', 'social_worker'],
    audit: { ...trial, personParam: 'personId' },
  },
  'GET /trial-periods/:trialPeriodId': { roles: ['placement_officer', 'social_worker'], audit: trial },
  'POST /trial-periods/:trialPeriodId/outcome': { roles: ['placement_officer'], audit: trial },
  'POST /trial-periods/:trialPeriodId/outcome-corrections': { roles: ['placement_officer'], audit: outcome },
  'GET /trial-periods/:trialPeriodId/outcomes': {
    roles: ['placement_officer', 'social_worker', 'committee_member', 'committee_secretary'],
    audit: outcome,
  },
  'GET /trial-periods/:trialPeriodId/check-ins': { roles: ['placement_officer'], audit: checkIn },
  'POST /trial-periods/:trialPeriodId/check-ins/:checkInId': { roles: ['placement_officer'], audit: checkIn },
  'POST /trial-periods/:trialPeriodId/check-ins/:checkInId/tutor-links': {
    roles: ['placement_officer'],
    audit: { record: 'tutor_link' },
  },
  'GET /check-ins': { roles: ['placement_officer'], audit: checkIn },
  // The host tutor has no account: the HMAC-signed, expiring, single-use link is the credential,
  // and its verified claims alone name the CPAS and the one check-in it opens.
  'POST /tutor-links/verify': {
    public: true,
    reason: 'host tutor, authenticated by the signed single-use link',
  },
  'POST /tutor-links/view': {
    public: true,
    reason: 'host tutor, authenticated by the signed single-use link',
  },
  // Settings are rules, not people: the officer reads the schedule their check-ins follow.
  'GET /trial-settings': { roles: ['cpas_admin', 'placement_officer'] },
  'POST /trial-settings': { roles: ['cpas_admin'] },
});
