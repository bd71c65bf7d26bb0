import { isoDate } from '@relais/contracts';
import { problemSchema } from '@relais/service-kit';
import { z } from 'zod';

/** Error responses every route documents. */
export const errors = { 400: problemSchema, 404: problemSchema, 409: problemSchema };

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

/** The months asked (both included), at most three years; the last twelve months by default. */
export const periodQuery = z
  .object({ from: month.optional(), to: month.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

/** One published figure. */
export const cellSchema = z.object({
  period: z.string(),
  group: z
    .object({
      kind: z.enum(['host', 'sector']),
      key: z.string(),
      label: z.string(),
      sector: z.string().optional(),
    })
    .nullable(),
  indicator: z.string(),
  breakdown: z.string().nullable(),
  kind: z.enum(['count', 'median_days', 'rate_per_100']),
  value: z.union([z.number(), z.literal('suppressed'), z.null()]),
});

/** The figures of the caller's CPAS. */
export const statisticsSchema = z.object({
  from: month,
  to: month,
  asOf: isoDate,
  suppressionThreshold: z.number().int(),
  cells: z.array(cellSchema),
});

const trialSchema = z.object({
  trialPeriodId: z.string(),
  outcome: z.enum(['running', 'conclusive', 'not_conclusive', 'ended_early']),
  lastWorkedDay: z.string().nullable(),
  reasonCode: z.string().nullable(),
  corrected: z.boolean(),
});

/** A person's case on a date: every placement, the host choices and proposals, income coverage and aid. */
export const caseSchema = z.object({
  personId: z.uuid(),
  date: isoDate,
  placements: z.array(
    z.object({
      placementId: z.string(),
      hostEmployerId: z.string(),
      startDate: z.string(),
      ended: z.object({ lastWorkedDay: z.string(), reason: z.string() }).nullable(),
      trial: trialSchema,
      incomeReopening: z.object({ reopeningId: z.string(), effectiveFrom: z.string() }).nullable(),
      outcomesAfter: z.array(
        z.object({
          monthsAfterEnd: z.number().int(),
          situation: z.string(),
          observedOn: z.string(),
          corrected: z.boolean(),
        }),
      ),
    }),
  ),
  hostChoices: z.array(
    z.object({ chosenOn: z.string(), hostEmployerId: z.string(), hostDeadline: z.string().nullable() }),
  ),
  proposals: z.array(
    z.object({
      proposalId: z.string(),
      proposedOn: z.string(),
      hostEmployerId: z.string(),
      startDate: z.string(),
      hostDeadline: z.string().nullable(),
    }),
  ),
  coverage: z.array(
    z.object({
      kind: z.string(),
      from: z.string(),
      to: z.string().nullable(),
      reasonCode: z.string().nullable(),
    }),
  ),
  aidRequests: z.array(
    z.object({
      aidRequestId: z.string(),
      kind: z.string(),
      requestedOn: z.string(),
      atRiskFrom: z.string().nullable(),
      closedOn: z.string().nullable(),
    }),
  ),
  committeeDecisions: z.array(
    z.object({
      subjectKind: z.string(),
      outcome: z.string(),
      decidedOn: z.string(),
      reasonCode: z.string().nullable(),
    }),
  ),
  entries: z.array(
    z.object({ occurredAt: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()) }),
  ),
});

/** A generation of the read model. */
export const generationSchema = z.object({
  generation: z.number().int(),
  status: z.enum(['building', 'active', 'retired', 'abandoned']),
  consumerGroup: z.string().nullable(),
  startedAt: z.string(),
  caughtUpAt: z.string().nullable(),
  eventsRead: z.number().int(),
  factsCarriedOver: z.number().int(),
  carriedOverBefore: z.string().nullable(),
  note: z.string().nullable(),
});
