import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/**
 * An article 60 §7 placement has started: the CPAS employs the person, made available to
 * a host employer (utilisateur) from `startDate`. Carries identifiers only: consumers that
 * need a person's details ask the owning service.
 */
export const PlacementStartedV1 = defineEvent({
  type: 'PlacementStarted',
  version: 1,
  topic: TOPICS.placement,
  schema: z.object({
    placementId: z.uuid(),
    personId: z.uuid(),
    hostEmployerId: z.uuid(),
    startDate: isoDate,
  }),
  personalFields: ['personId (pseudonymous identifier of the worker)'],
});

/**
 * A host employer is ready for the committee to approve it as a partner: its pre-approval
 * prevention visit was favourable.
 */
export const HostPartnerApprovalRequestedV1 = defineEvent({
  type: 'HostPartnerApprovalRequested',
  version: 1,
  topic: TOPICS.placement,
  schema: z.object({
    hostEmployerId: z.uuid(),
    enterpriseNumber: z.string().regex(/^[01]\d{3}\.\d{3}\.\d{3}$/),
    requestedOn: isoDate,
  }),
  personalFields: [],
});

/**
 * The host chose a candidate among those presented for a position: the clock of "every step
 * from the host's choice to the contract start" (seed 004 §4.3, the job lost to delays) starts
 * here. `hostDeadline` is the position's deadline to fill the post, if the host gave one.
 */
export const HostChoiceRecordedV1 = defineEvent({
  type: 'HostChoiceRecorded',
  version: 1,
  topic: TOPICS.placement,
  schema: z.object({
    shortlistId: z.uuid(),
    positionId: z.uuid(),
    hostEmployerId: z.uuid(),
    personId: z.uuid(),
    /** The Belgian day the choice was recorded. */
    chosenOn: isoDate,
    hostDeadline: isoDate.nullable(),
    /** How many candidates the host chose from (1 in single mode). */
    presentedCount: z.number().int().min(1).max(50),
  }),
  personalFields: ['personId (pseudonymous identifier of the chosen candidate)'],
});

/**
 * The officer proposes to engage a candidate the host chose: the committee decides. The end
 * date follows from the days the person still needs to open unemployment rights.
 */
export const EngagementProposedV1 = defineEvent({
  type: 'EngagementProposed',
  version: 1,
  topic: TOPICS.placement,
  schema: z.object({
    proposalId: z.uuid(),
    personId: z.uuid(),
    hostEmployerId: z.uuid(),
    positionId: z.uuid(),
    startDate: isoDate,
    endDate: isoDate,
    weeklyHours: z.number().positive().max(40),
    payScale: z.string().min(1).max(40),
    /** The host's deadline to fill the post: a proposal decided after it loses the job. */
    hostDeadline: isoDate.nullable(),
  }),
  personalFields: ['personId (pseudonymous identifier of the candidate)'],
});

/** A placement ended: its last worked day and why. */
export const PlacementEndedV1 = defineEvent({
  type: 'PlacementEnded',
  version: 1,
  topic: TOPICS.placement,
  schema: z.object({
    placementId: z.uuid(),
    personId: z.uuid(),
    lastWorkedDay: isoDate,
    reason: z.enum(['completed', 'ended_early', 'trial_not_conclusive', 'trial_ended_early']),
  }),
  personalFields: ['personId (pseudonymous identifier of the worker)'],
});

/** A place of work of a host employer, for the prevention officers' visits. */
export const hostSite = z.object({
  siteId: z.uuid(),
  name: z.string().min(1).max(120),
  address: z.string().min(1).max(200),
  commune: z.string().min(1).max(100),
});

/**
 * A host employer (utilisateur) was registered: the safety-visits service learns of it and of
 * its sites so its pre-approval visit can be planned. No personal data: the tutor's contact stays
 * in the placement service.
 */
export const HostEmployerRegisteredV1 = defineEvent({
  type: 'HostEmployerRegistered',
  version: 1,
  topic: TOPICS.placement,
  schema: z.object({
    hostEmployerId: z.uuid(),
    enterpriseNumber: z.string().regex(/^[01]\d{3}\.\d{3}\.\d{3}$/),
    name: z.string().min(1).max(200),
    legalType: z.enum(['municipality', 'asbl', 'public_body', 'social_economy', 'partner_company']),
    sector: z.string().min(1).max(60),
    sites: z.array(hostSite).min(1),
  }),
  personalFields: [],
});

/** A host employer has a new place of work. */
export const HostSiteAddedV1 = defineEvent({
  type: 'HostSiteAdded',
  version: 1,
  topic: TOPICS.placement,
  schema: z.object({ hostEmployerId: z.uuid(), site: hostSite }),
  personalFields: [],
});
