import { aidKind, incomeCategory, isoDate, reopeningCause, reopeningProposalKind } from '@relais/contracts';
import { problemSchema } from '@relais/service-kit';
import { z } from 'zod';

/** Error responses every route documents. */
export const errors = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };

/** The person in the path. */
export const personParams = z.object({ personId: z.uuid() });

const monthlyAmount = z.object({
  month: z.string(),
  from: isoDate,
  to: isoDate,
  days: z.number().int(),
  daysInMonth: z.number().int(),
  monthlyAmountCents: z.number().int().nullable(),
  amountCents: z.number().int().nullable(),
});

/** One period of the coverage timeline, as returned by the API. */
export const periodSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['integration_income', 'article60_salary', 'unemployment_benefit']),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  placementId: z.uuid().nullable(),
  status: z.enum(['active', 'provisional', 'bridging', 'withdrawn']),
  category: incomeCategory.nullable(),
});

const decisionSchema = z.object({
  decisionId: z.uuid(),
  outcome: z.enum(['approved', 'refused', 'amended']),
  reasonCode: z.string().nullable(),
  decidedOn: isoDate,
  effectiveFrom: isoDate.nullable(),
  category: z.string().nullable(),
});

/** The coverage view: periods with amounts, classified gaps, reopenings, bridges and tasks. */
export const coverageSchema = z.object({
  personId: z.uuid(),
  periods: z.array(
    periodSchema.extend({
      amount: z
        .object({
          periodId: z.uuid(),
          through: isoDate,
          totalCents: z.number().int().nullable(),
          months: z.array(monthlyAmount),
        })
        .nullable(),
    }),
  ),
  gaps: z.array(z.object({ from: isoDate, to: isoDate.nullable(), justifiedBy: z.uuid().nullable() })),
  reopenings: z.array(
    z.object({
      id: z.uuid(),
      placementId: z.uuid(),
      trialPeriodId: z.uuid().nullable(),
      coveragePeriodId: z.uuid(),
      effectiveFrom: isoDate,
      lastWorkedDay: isoDate,
      cause: reopeningCause,
      reasonCode: z.string().nullable(),
      initiatedBy: z.string().nullable(),
      officerAnalysis: z.string().nullable(),
      proposals: z.array(
        z.object({
          kind: reopeningProposalKind,
          status: z.enum(['awaiting_committee', 'approved', 'refused', 'amended']),
        }),
      ),
      decision: decisionSchema.nullable(),
    }),
  ),
  bridges: z.array(
    z.object({
      id: z.uuid(),
      placementId: z.uuid(),
      coveragePeriodId: z.uuid(),
      startedOn: isoDate,
      reviewOn: isoDate,
      status: z.enum(['open', 'closed']),
      firstPaymentOn: isoDate.nullable(),
      benefitsFrom: isoDate.nullable(),
    }),
  ),
  tasks: z.array(
    z.object({
      id: z.uuid(),
      kind: z.literal('confirm_first_unemployment_payment'),
      dueOn: isoDate,
      status: z.enum(['open', 'done']),
      doneOn: isoDate.nullable(),
    }),
  ),
});

/** The person's timeline: entries for the social worker and every period revision. */
export const timelineSchema = z.object({
  personId: z.uuid(),
  entries: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      effectiveOn: isoDate,
      details: z.record(z.string(), z.unknown()),
      sourceEventId: z.uuid().nullable(),
      actorId: z.uuid().nullable(),
      recordedAt: z.string(),
    }),
  ),
  revisions: z.array(
    z.object({
      periodId: z.uuid(),
      fact: z.enum(['opened', 'ended', 'confirmed', 'amended', 'withdrawn', 'superseded']),
      startDate: isoDate,
      endDate: isoDate.nullable(),
      status: z.string(),
      category: z.string().nullable(),
      sourceEventId: z.uuid().nullable(),
      decisionId: z.uuid().nullable(),
      actorId: z.uuid().nullable(),
      recordedAt: z.string(),
    }),
  ),
});

/** A continued ISP follow-up. */
export const followUpSchema = z.object({
  id: z.uuid(),
  placementId: z.uuid(),
  trialPeriodId: z.uuid().nullable(),
  openedOn: isoDate,
  status: z.enum(['open', 'closed']),
  reason: reopeningCause,
});

/** An aid request. */
export const aidRequestSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  kind: aidKind,
  dependsOnIntegrationIncome: z.boolean(),
  requestedOn: isoDate,
  note: z.string().nullable(),
  status: z.enum(['pending', 'closed']),
  closedOn: isoDate.nullable(),
  closure: z.enum(['granted', 'refused', 'withdrawn']).nullable(),
});
