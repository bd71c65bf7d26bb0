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

/** What a v2 decision is about: v1's subjects, the continued ISP follow-up, and a manual proposal. */
export const committeeSubjectKindV2 = z.enum([...committeeSubjectKind.options, 'isp_follow_up', 'other']);

/**
 * The comité spécial signed a decision that v1 cannot express: a correction of an earlier
 * decision (`correctsDecisionId`, the earlier one staying as it was), the continued ISP
 * follow-up (subject `isp_follow_up`, the follow-up id) or a proposal added by the secretary
 * (subject `other`, the proposal id). The committee emits v1 for every first decision on a v1
 * subject, which v1 already expresses, and v2 only for these, so a v1 consumer loses nothing
 * it knew (it skips v2). `personId` is set where the subject concerns a person.
 */
export const CommitteeDecisionRecordedV2 = defineEvent({
  type: 'CommitteeDecisionRecorded',
  version: 2,
  topic: TOPICS.committee,
  schema: z.object({
    decisionId: z.uuid(),
    subject: z.object({ kind: committeeSubjectKindV2, id: z.uuid() }),
    personId: z.uuid().nullable(),
    proposalKind: z.string().regex(/^[a-z][a-z0-9_]{2,60}$/),
    outcome: z.enum(['approved', 'refused', 'amended']),
    reasonCode: z
      .string()
      .regex(/^[a-z][a-z0-9_]{2,60}$/)
      .nullable(),
    decidedOn: isoDate,
    effectiveOn: isoDate.nullable(),
    amendments: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullable(),
    correctsDecisionId: z.uuid().nullable(),
    sessionId: z.uuid(),
  }),
  personalFields: ['personId (pseudonymous identifier of the person the decision concerns)'],
});
