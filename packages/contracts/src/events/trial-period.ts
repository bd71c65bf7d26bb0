import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/**
 * Reason codes describe the situation, never a fault of the person (seed 004 §4.4:
 * "l'essai non concluant n'est pas forcément un échec").
 */
export const trialEndReasonCode = z.enum([
  'tasks_not_matching_skills',
  'host_needs_changed',
  'health',
  'childcare',
  'transport',
  'language_support_needed',
  'working_relations',
  'host_closure',
  'resignation',
  'other',
]);

/** Who took the initiative of ending the trial. */
export const trialEndInitiator = z.enum(['host', 'worker', 'cpas']);

/** The trial (evaluation) period of a placement ended without the placement going on. */
export const TrialEndedV1 = defineEvent({
  type: 'TrialEnded',
  version: 1,
  topic: TOPICS.trialPeriod,
  schema: z.object({
    trialPeriodId: z.uuid(),
    placementId: z.uuid(),
    personId: z.uuid(),
    /** The placement's first day, so a consumer that has not yet seen PlacementStarted can still place the salary period. */
    placementStartDate: isoDate,
    outcome: z.enum(['not_conclusive', 'ended_early']),
    lastWorkedDay: isoDate,
    reasonCode: trialEndReasonCode,
    initiatedBy: trialEndInitiator,
    /**
     * The placement officer's analysis of what happened, so that nobody judges the person
     * without knowing (seed 004 §4.4). Added compatibly: absent in older events.
     */
    officerAnalysis: z.string().max(2000).nullable().default(null),
  }),
  personalFields: [
    'personId (pseudonymous identifier of the worker)',
    'officerAnalysis (free text about the person)',
  ],
});

/** The trial period was conclusive: the placement goes on. */
export const TrialPassedV1 = defineEvent({
  type: 'TrialPassed',
  version: 1,
  topic: TOPICS.trialPeriod,
  schema: z.object({
    trialPeriodId: z.uuid(),
    placementId: z.uuid(),
    personId: z.uuid(),
    decidedOn: isoDate,
  }),
  personalFields: ['personId (pseudonymous identifier of the worker)'],
});
