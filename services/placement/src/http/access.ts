import { defineAccess, type UserRole } from '@relais/service-kit';

/** The placement officer (agent d'insertion) follows candidates: the only role that reads their whole file. */
const OFFICER: readonly UserRole[] = ['placement_officer'];
/** The social service refers people and keeps following the ones it referred (pause, exit). */
const OFFICER_OR_REFERRER: readonly UserRole[] = ['placement_officer', 'social_worker'];
/** The committee decides engagements and partner approvals: it reads those, not candidates' files. */
const COMMITTEE: readonly UserRole[] = ['committee_member', 'committee_secretary'];
/** Hosts and posts carry no candidate data: prevention officers plan visits from them, the committee decides on them. */
const HOST_READERS: readonly UserRole[] = [...OFFICER, 'safety_officer', ...COMMITTEE];

/** A candidate named by the path. */
const candidate = { record: 'candidate', personParam: 'candidateId' } as const;
/** Candidates named in the answer by `candidateId` (matches, shortlists, proposals). */
const candidatesIn = (record: string) => ({ record, personField: 'candidateId' }) as const;

/**
 * Who may do what in placement. Candidates' files hold the NISS, health restrictions and the
 * criminal record (GDPR art. 9 and 10): the placement officer reads them; the social worker who
 * referred a person reads that person's file and history (checked per candidate by the use case)
 * and may pause them or take them out of the service. The committee sees the proposals and hosts
 * it decides on; safety officers see hosts and posts; the CPAS administrator keeps the skills
 * vocabulary and sees no person; the platform operator sees nothing here. Every read naming a
 * person is audited, lists with each person they show.
 */
export const access = defineAccess({
  'POST /candidates': { roles: OFFICER_OR_REFERRER, audit: { record: 'candidate', personField: 'id' } },
  'GET /candidates': { roles: OFFICER_OR_REFERRER, audit: { record: 'candidate', personField: 'id' } },
  'GET /candidates/:candidateId': { roles: OFFICER_OR_REFERRER, audit: candidate },
  'PATCH /candidates/:candidateId': { roles: OFFICER, audit: candidate },
  'POST /candidates/:candidateId/transitions': { roles: OFFICER_OR_REFERRER, audit: candidate },
  'GET /candidates/:candidateId/history': { roles: OFFICER_OR_REFERRER, audit: candidate },
  'GET /candidates/:candidateId/matches': { roles: OFFICER, audit: candidate },

  'GET /positions/:positionId/matches': { roles: OFFICER, audit: candidatesIn('candidate') },
  'POST /positions/:positionId/shortlists': { roles: OFFICER, audit: candidatesIn('shortlist') },
  // A shortlist's explanations say which filters a person failed (health, criminal record): officers only.
  'GET /shortlists/:shortlistId': { roles: OFFICER, audit: candidatesIn('shortlist') },
  'POST /shortlists/:shortlistId/choice': { roles: OFFICER, audit: candidatesIn('shortlist') },

  'POST /engagement-proposals': { roles: OFFICER, audit: candidatesIn('engagement_proposal') },
  'GET /engagement-proposals': {
    roles: [...OFFICER, ...COMMITTEE],
    audit: candidatesIn('engagement_proposal'),
  },
  'GET /engagement-proposals/:proposalId': {
    roles: [...OFFICER, ...COMMITTEE],
    audit: candidatesIn('engagement_proposal'),
  },

  'GET /placements': { roles: OFFICER, audit: { record: 'placement', personParam: 'personId' } },
  'GET /placements/:placementId': { roles: OFFICER, audit: { record: 'placement', personField: 'personId' } },

  'POST /hosts': { roles: OFFICER },
  'GET /hosts': { roles: HOST_READERS },
  'GET /hosts/:hostId': { roles: HOST_READERS },
  'POST /hosts/:hostId/sites': { roles: OFFICER },
  'POST /hosts/:hostId/suspend': { roles: OFFICER },
  'POST /hosts/:hostId/reinstate': { roles: OFFICER },
  'POST /hosts/:hostId/end': { roles: OFFICER },

  'POST /positions': { roles: OFFICER },
  'GET /positions': { roles: HOST_READERS },
  'GET /positions/:positionId': { roles: HOST_READERS },
  'POST /positions/:positionId/close': { roles: OFFICER },

  // The vocabulary is the CPAS's setting; social workers refer people with its codes.
  'GET /skills': { roles: [...OFFICER_OR_REFERRER, 'cpas_admin'] },
  'POST /skills': { roles: [...OFFICER, 'cpas_admin'] },
});
