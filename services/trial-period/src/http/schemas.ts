import {
  isoDate,
  trialEndInitiator,
  trialEndReasonCode,
  trialOutcomeCorrectionReason,
} from '@relais/contracts';
import { problemSchema } from '@relais/service-kit';
import { z } from 'zod';
import { CHECK_IN_ITEMS, DIFFICULTIES, SUPPORT_ACTIONS, VOICES } from '../domain/check-in.ts';

export { isoDate, trialEndInitiator, trialEndReasonCode, trialOutcomeCorrectionReason };

/** Problem answers documented on every route (401/403: no valid sign-in, or a role the route does not allow). */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

/**
 * Whose trial a record belongs to. Check-ins and outcome records name the person so that the
 * audit log can answer "who saw or changed this person's data" (GDPR right of access) for
 * routes that name only a trial or a check-in.
 */
const personId = z.uuid();

/** An opaque page cursor: the last id of the previous page, base64url-encoded. */
export const cursorParam = z
  .string()
  .max(100)
  .refine(
    (c) => z.uuid().safeParse(Buffer.from(c, 'base64url').toString('utf8')).success,
    'not a cursor of this list',
  )
  .optional();
export const decodeCursor = (cursor: string | undefined): string | undefined =>
  cursor === undefined ? undefined : Buffer.from(cursor, 'base64url').toString('utf8');
export const encodeCursor = (after: string | undefined): string | null =>
  after === undefined ? null : Buffer.from(after).toString('base64url');

/** `limit` and `cursor` of every list. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorParam,
});

const placementEndSchema = z.object({
  lastWorkedDay: isoDate,
  reason: z.enum(['completed', 'ended_early', 'trial_not_conclusive', 'trial_ended_early']),
});

/** A trial period as the API shows it. */
export const trialPeriodSchema = z.object({
  id: z.uuid(),
  placementId: z.uuid(),
  personId: z.uuid(),
  startDate: isoDate,
  settingsId: z.uuid(),
  lengthDays: z.number().int(),
  plannedEndDate: isoDate,
  status: z.enum(['running', 'passed', 'ended', 'closed']),
  outcome: z.enum(['not_conclusive', 'ended_early']).optional(),
  lastWorkedDay: isoDate.optional(),
  reasonCode: trialEndReasonCode.optional(),
  initiatedBy: trialEndInitiator.optional(),
  officerAnalysis: z.string().nullable().optional(),
  decidedOn: isoDate.optional(),
  placementEnd: placementEndSchema.nullable(),
});

/** 1 not yet, 2 partly, 3 mostly, 4 fully. */
export const rating = z.literal([1, 2, 3, 4]);
/** A voice's ratings: items left out were not observed. */
export const ratings = z.strictObject(
  Object.fromEntries(CHECK_IN_ITEMS.map((item) => [item, rating.optional()])) as Record<
    (typeof CHECK_IN_ITEMS)[number],
    z.ZodOptional<typeof rating>
  >,
);
/** What one voice says, as sent. */
export const voiceInput = z.strictObject({
  ratings,
  comment: z.string().trim().min(1).max(2000).nullable().default(null),
});

const voiceName = z.enum(VOICES);

/** A check-in as the API shows it: each voice apart, disagreements flagged. */
export const checkInSchema = z.object({
  id: z.uuid(),
  trialPeriodId: z.uuid(),
  personId,
  sequence: z.number().int(),
  dueOn: isoDate,
  status: z.enum(['scheduled', 'held', 'cancelled']),
  heldOn: isoDate.nullable(),
  voices: z.array(
    z.object({
      voice: voiceName,
      ratings,
      comment: z.string().nullable(),
      source: z.enum(['recorded_by_officer', 'tutor_link']),
      givenOn: isoDate,
    }),
  ),
  difficulties: z.array(z.object({ code: z.enum(DIFFICULTIES), note: z.string().nullable() })),
  supportActions: z.array(
    z.object({
      kind: z.enum(SUPPORT_ACTIONS),
      description: z.string(),
      by: z.enum(['worker', 'tutor', 'officer', 'cpas']),
      dueOn: isoDate.nullable(),
    }),
  ),
  disagreements: z.array(
    z.object({
      item: z.enum(CHECK_IN_ITEMS),
      spread: z.number().int(),
      ratings: z.partialRecord(voiceName, rating),
    }),
  ),
  flagged: z.boolean(),
  remindedOn: isoDate.nullable(),
});

/** What the officer records at a check-in. */
export const checkInBody = z.strictObject({
  heldOn: isoDate,
  worker: voiceInput,
  officer: voiceInput,
  tutor: voiceInput.nullable().default(null),
  difficulties: z
    .array(
      z.strictObject({
        code: z.enum(DIFFICULTIES),
        note: z.string().trim().min(1).max(1000).nullable().default(null),
      }),
    )
    .max(DIFFICULTIES.length)
    .default([]),
  supportActions: z
    .array(
      z.strictObject({
        kind: z.enum(SUPPORT_ACTIONS),
        description: z.string().trim().min(1).max(500),
        by: z.enum(['worker', 'tutor', 'officer', 'cpas']),
        dueOn: isoDate.nullable().default(null),
      }),
    )
    .max(20)
    .default([]),
});

/** The officer's analysis: free text about the person, so bounded and optional. */
export const officerAnalysis = z.string().trim().min(1).max(2000).nullable().optional();

/** The body of an outcome. */
export const outcomeBody = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('conclusive'), officerAnalysis }),
  z.strictObject({
    outcome: z.enum(['not_conclusive', 'ended_early']),
    lastWorkedDay: isoDate,
    reasonCode: trialEndReasonCode,
    initiatedBy: trialEndInitiator,
    officerAnalysis,
  }),
]);

/** The body of a correction: the whole corrected end, its reason and an explanation. */
export const correctionBody = z.strictObject({
  outcome: z.enum(['not_conclusive', 'ended_early']),
  lastWorkedDay: isoDate,
  reasonCode: trialEndReasonCode,
  initiatedBy: trialEndInitiator,
  officerAnalysis: z.string().trim().min(1).max(2000).nullable(),
  correctionReason: trialOutcomeCorrectionReason,
  explanation: z.string().trim().min(1).max(2000),
});

/** An outcome record: the decision or a correction linked to the record it corrects. */
export const outcomeRecordSchema = z.object({
  id: z.uuid(),
  trialPeriodId: z.uuid(),
  personId,
  kind: z.enum(['decision', 'correction']),
  correctsRecordId: z.uuid().nullable(),
  outcome: z.enum(['conclusive', 'not_conclusive', 'ended_early']),
  lastWorkedDay: isoDate.nullable(),
  reasonCode: trialEndReasonCode.nullable(),
  initiatedBy: trialEndInitiator.nullable(),
  officerAnalysis: z.string().nullable(),
  correctionReason: trialOutcomeCorrectionReason.nullable(),
  explanation: z.string().nullable(),
  recordedOn: isoDate,
  recordedBy: z.uuid().nullable(),
  recordedByRole: z.string().nullable(),
});
