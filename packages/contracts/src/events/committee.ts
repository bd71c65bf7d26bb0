import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/** What a committee decision is about; the owning service consumes the kinds that are its own. */
export const committeeSubjectKind = z.enum([
  'host_partner_approval',
  'engagement_proposal',
  'trial_end',
  'income_reopening',
  'contract_early_end',
]);

/**
 * The comité spécial signed a decision. Each service acts on the subjects it owns (placement:
 * host partner approval, engagement proposals, early contract ends). `amendments` carries the
 * fields the committee changed when the outcome is `amended` (e.g. `{ "startDate": "2026-04-06" }`).
 */
export const CommitteeDecisionRecordedV1 = defineEvent({
  type: 'CommitteeDecisionRecorded',
  version: 1,
  topic: TOPICS.committee,
  schema: z.object({
    decisionId: z.uuid(),
    subject: z.object({ kind: committeeSubjectKind, id: z.uuid() }),
    outcome: z.enum(['approved', 'refused', 'amended']),
    reasonCode: z
      .string()
      .regex(/^[a-z][a-z0-9_]{2,60}$/)
      .nullable(),
    decidedOn: isoDate,
    /** For early contract ends: the last worked day. */
    effectiveOn: isoDate.nullable(),
    amendments: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
  }),
  personalFields: [],
});
