import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/**
 * The three proposals the committee ratifies after an ended trial (seed 004 §4.4: "take note
 * of the end of the trial period, extend the revenu d'intégration, continue the ISP work").
 */
export const trialEndProposalKind = z.enum([
  'take_note_of_trial_end',
  'reopen_integration_income',
  'continue_isp_follow_up',
]);

/**
 * The revenu d'intégration was reopened, provisionally, from the day after the last worked
 * day, and the ISP follow-up continues; the committee is asked to ratify the proposals.
 */
export const IncomeReopenedV1 = defineEvent({
  type: 'IncomeReopened',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    reopeningId: z.uuid(),
    personId: z.uuid(),
    placementId: z.uuid(),
    trialPeriodId: z.uuid(),
    effectiveFrom: isoDate,
    followUpId: z.uuid(),
    proposals: z.array(trialEndProposalKind).length(3),
  }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});
