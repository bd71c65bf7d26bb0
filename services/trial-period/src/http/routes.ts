import { isoDate, trialEndInitiator, trialEndReasonCode } from '@relais/contracts';
import {
  problemSchema,
  TENANT_HEADER,
  tenantHeaders,
  type ServiceApp,
  type ServiceContext,
} from '@relais/service-kit';
import { z } from 'zod';
import { listTrialPeriodsOfPlacement, getTrialPeriod } from '../app/find-trial-periods.ts';
import { recordTrialOutcome } from '../app/record-trial-outcome.ts';

const trialPeriodSchema = z.object({
  id: z.uuid(),
  placementId: z.uuid(),
  personId: z.uuid(),
  startDate: isoDate,
  status: z.enum(['running', 'passed', 'ended']),
  outcome: z.enum(['not_conclusive', 'ended_early']).optional(),
  lastWorkedDay: isoDate.optional(),
  reasonCode: trialEndReasonCode.optional(),
  initiatedBy: trialEndInitiator.optional(),
  decidedOn: isoDate.optional(),
});

const outcomeBody = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('conclusive') }),
  z.object({
    outcome: z.enum(['not_conclusive', 'ended_early']),
    lastWorkedDay: isoDate,
    reasonCode: trialEndReasonCode,
    initiatedBy: trialEndInitiator,
  }),
]);

const errors = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };
const tags = ['trial periods'];

const present = (trial: z.infer<typeof trialPeriodSchema> & { tenantId?: string }) => {
  const { tenantId: _tenant, ...rest } = trial;
  return rest;
};

/** The trial-period HTTP API. */
export const registerRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/trial-periods/:trialPeriodId/outcome',
    {
      schema: {
        tags,
        summary: 'Record the outcome of a trial period (final; a correction is a new record)',
        headers: tenantHeaders,
        params: z.object({ trialPeriodId: z.uuid() }),
        body: outcomeBody,
        response: { 200: trialPeriodSchema, ...errors },
      },
    },
    async (request) =>
      present(
        await recordTrialOutcome(context, {
          tenantId: request.headers[TENANT_HEADER],
          trialPeriodId: request.params.trialPeriodId,
          correlationId: request.id,
          command: request.body,
        }),
      ),
  );

  app.get(
    '/trial-periods/:trialPeriodId',
    {
      schema: {
        tags,
        headers: tenantHeaders,
        params: z.object({ trialPeriodId: z.uuid() }),
        response: { 200: trialPeriodSchema, ...errors },
      },
    },
    async (request) =>
      present(await getTrialPeriod(context, request.headers[TENANT_HEADER], request.params.trialPeriodId)),
  );

  app.get(
    '/trial-periods',
    {
      schema: {
        tags,
        headers: tenantHeaders,
        querystring: z.object({ placementId: z.uuid() }),
        response: { 200: z.object({ items: z.array(trialPeriodSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (
        await listTrialPeriodsOfPlacement(context, request.headers[TENANT_HEADER], request.query.placementId)
      ).map(present),
    }),
  );
};
