import type { committeeSubjectKind } from '@relais/contracts';
import type { z } from 'zod';
import type { NotifiedRole } from './notices.ts';

type SubjectKind = z.infer<typeof committeeSubjectKind>;

/** The kinds of record whose person this service remembers from the events that name both. */
export type SubjectRecord = 'placement' | 'trial_period' | 'reopening' | 'engagement_proposal';

/**
 * Who hears of a committee decision. The social worker must know at once what the committee
 * decided about their person (the seed's "next day" relay); the placement officer prepared the
 * host approvals, engagement proposals, trial ends and contract ends, and acts on them next.
 */
export const COMMITTEE_AUDIENCES: Readonly<Record<SubjectKind, readonly NotifiedRole[]>> = {
  host_partner_approval: ['placement_officer'],
  engagement_proposal: ['social_worker', 'placement_officer'],
  trial_end: ['social_worker', 'placement_officer'],
  income_reopening: ['social_worker'],
  contract_early_end: ['social_worker', 'placement_officer'],
};

/** Which record a decision's subject id names, to find its person (none for a host). */
export const SUBJECT_RECORDS: Readonly<Record<SubjectKind, SubjectRecord | null>> = {
  host_partner_approval: null,
  engagement_proposal: 'engagement_proposal',
  trial_end: 'trial_period',
  income_reopening: 'reopening',
  contract_early_end: 'placement',
};
