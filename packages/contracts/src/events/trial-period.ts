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

/**
 * A check-in of a trial period was not held by its due date (plus the grace days of the CPAS's
 * configuration): the placement officer is reminded. Emitted once per check-in.
 */
export const CheckInOverdueV1 = defineEvent({
  type: 'CheckInOverdue',
  version: 1,
  topic: TOPICS.trialPeriod,
  schema: z.object({
    checkInId: z.uuid(),
    trialPeriodId: z.uuid(),
    placementId: z.uuid(),
    personId: z.uuid(),
    /** Position of the check-in in the trial's schedule (1 = the first). */
    sequence: z.number().int().positive(),
    dueOn: isoDate,
    detectedOn: isoDate,
  }),
  personalFields: ['personId (pseudonymous identifier of the worker)'],
});

/**
 * A check-in of a trial period was held and recorded (late or on time): whoever was reminded of
 * it being late can stop. Emitted once per check-in, when it is recorded as held.
 */
export const CheckInRecordedV1 = defineEvent({
  type: 'CheckInRecorded',
  version: 1,
  topic: TOPICS.trialPeriod,
  schema: z.object({
    checkInId: z.uuid(),
    trialPeriodId: z.uuid(),
    placementId: z.uuid(),
    personId: z.uuid(),
    heldOn: isoDate,
  }),
  personalFields: ['personId (pseudonymous identifier of the worker)'],
});

/** Why a recorded outcome was corrected: situations of the record, never of the person. */
export const trialOutcomeCorrectionReason = z.enum([
  'data_entry_error',
  'last_worked_day_confirmed_by_payroll',
  'new_information_from_host',
  'new_information_from_worker',
  'committee_decision',
]);

const endedOutcome = z.object({
  outcome: z.enum(['not_conclusive', 'ended_early']),
  lastWorkedDay: isoDate,
  reasonCode: trialEndReasonCode,
  initiatedBy: trialEndInitiator,
  officerAnalysis: z.string().max(2000).nullable(),
});

/**
 * The recorded end of a trial was corrected. The first record is never edited: the correction
 * is a new record linked to the one it corrects, with its reason. A correction keeps the trial
 * ended (not conclusive / ended early); it never turns an ended trial into a passed one.
 */
export const TrialOutcomeCorrectedV1 = defineEvent({
  type: 'TrialOutcomeCorrected',
  version: 1,
  topic: TOPICS.trialPeriod,
  schema: z.object({
    correctionId: z.uuid(),
    /** The outcome record this one corrects (the first decision or an earlier correction). */
    correctsRecordId: z.uuid(),
    trialPeriodId: z.uuid(),
    placementId: z.uuid(),
    personId: z.uuid(),
    placementStartDate: isoDate,
    previous: endedOutcome,
    corrected: endedOutcome,
    correctionReason: trialOutcomeCorrectionReason,
    correctedOn: isoDate,
  }),
  personalFields: [
    'personId (pseudonymous identifier of the worker)',
    'previous.officerAnalysis, corrected.officerAnalysis (free text about the person)',
  ],
});
