import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/**
 * How many months after the placement's end a person's situation is looked at (issue 11): the
 * trajectory, not the subsidy (seed 004 §4.5, "il n'y a pas de visibilité statistique des
 * parcours des usagers").
 */
export const outcomeMilestone = z.union([z.literal(3), z.literal(6), z.literal(12)]);

/** Why a placement ended, as the outcome checks keep it (the same codes as PlacementEnded's `reason`). */
export const placementEndReason = z.enum([
  'completed',
  'ended_early',
  'trial_not_conclusive',
  'trial_ended_early',
]);

/**
 * The person's situation at a check: a job, unemployment benefits, a training, back to the
 * revenu d'intégration, something else, or not known (the person could not be reached: counted
 * apart, so that "unknown" never passes for "unemployed" in the statistics).
 */
export const outcomeSituation = z.enum([
  'employed',
  'unemployment_benefits',
  'training',
  'integration_income',
  'other',
  'unknown',
]);

/**
 * The optional detail of each situation, from a controlled list (no free text about the person).
 * A working list to confirm with the field; a code belongs to one situation only.
 */
export const OUTCOME_DETAIL_CODES = {
  employed: ['permanent_contract', 'fixed_term_contract', 'temp_work', 'subsidised_job', 'self_employed'],
  unemployment_benefits: ['full_benefits', 'part_time_job_with_benefits'],
  training: ['qualifying_training', 'language_course', 'pre_training', 'studies'],
  integration_income: ['with_isp_follow_up', 'without_isp_follow_up'],
  other: ['health', 'care_for_family', 'moved_out_of_cpas_area', 'other_benefit', 'no_income'],
  unknown: ['not_reached', 'declined_to_answer'],
} as const satisfies Record<z.infer<typeof outcomeSituation>, readonly string[]>;

/** Every detail code, whatever its situation (the pairing is checked by the producer). */
export const outcomeDetailCode = z.enum(Object.values(OUTCOME_DETAIL_CODES).flat() as [string, ...string[]]);

/** Why a recorded outcome was corrected. */
export const outcomeCorrectionReason = z.enum(['data_entry_error', 'late_information', 'situation_misread']);

/**
 * An outcome check fell due: `monthsAfterEnd` months after the placement's last worked day, the
 * person's situation is to be recorded. The follow-up team is reminded until it is.
 */
export const OutcomeCheckDueV1 = defineEvent({
  type: 'OutcomeCheckDue',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    checkId: z.uuid(),
    personId: z.uuid(),
    placementId: z.uuid(),
    monthsAfterEnd: outcomeMilestone,
    lastWorkedDay: isoDate,
    dueOn: isoDate,
  }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});

/**
 * The person's situation at an outcome check was recorded, or a recorded one corrected. For the
 * statistics: count, per check, the record no later event corrects (`correctsOutcomeId` names the
 * record replaced; the first record has null). `endReason` lets outcomes be read by how the
 * placement ended (completed or not) without joining another service's data.
 */
export const PlacementOutcomeRecordedV1 = defineEvent({
  type: 'PlacementOutcomeRecorded',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    outcomeId: z.uuid(),
    checkId: z.uuid(),
    personId: z.uuid(),
    placementId: z.uuid(),
    monthsAfterEnd: outcomeMilestone,
    lastWorkedDay: isoDate,
    endReason: placementEndReason,
    dueOn: isoDate,
    observedOn: isoDate,
    situation: outcomeSituation,
    detailCode: outcomeDetailCode.nullable(),
    correctsOutcomeId: z.uuid().nullable(),
    correctionReason: outcomeCorrectionReason.nullable(),
  }),
  personalFields: [
    'personId (pseudonymous identifier of the person)',
    'situation, detailCode (the person’s social and occupational situation, coded)',
  ],
});
