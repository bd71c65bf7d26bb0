import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import type { TrialPeriod } from '../domain/trial-period.ts';
import { correctTrialOutcome } from '../app/correct-trial-outcome.ts';
import { getTrialPeriod, listOutcomes, searchTrialPeriods } from '../app/find-trial-periods.ts';
import { recordTrialOutcome } from '../app/record-trial-outcome.ts';
import {
  correctionBody,
  decodeCursor,
  encodeCursor,
  errorResponses,
  outcomeBody,
  outcomeRecordSchema,
  pageQuery,
  trialPeriodSchema,
} from './schemas.ts';

const tags = ['trial periods'];
const trialParams = z.object({ trialPeriodId: z.uuid() });

/** The API view of a trial: everything but the tenant. */
export const present = ({ tenantId: _tenant, ...trial }: TrialPeriod) => trial;

/** Trial periods, their outcomes and corrections. */
export const registerTrialRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/trial-periods/:trialPeriodId/outcome',
    {
      schema: {
        tags,
        summary: 'Record the outcome of a trial period (final; a correction is a new record)',
        params: trialParams,
        body: outcomeBody,
        response: { 200: trialPeriodSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      return present(
        await recordTrialOutcome(context, {
          tenantId,
          trialPeriodId: request.params.trialPeriodId,
          correlationId: request.id,
          command: request.body,
          by: actor,
        }),
      );
    },
  );

  app.post(
    '/trial-periods/:trialPeriodId/outcome-corrections',
    {
      schema: {
        tags,
        summary: "Correct an ended trial's outcome: a new record linked to the one in force, with its reason",
        params: trialParams,
        body: correctionBody,
        response: { 201: outcomeRecordSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const record = await correctTrialOutcome(context, {
        tenantId,
        trialPeriodId: request.params.trialPeriodId,
        correlationId: request.id,
        by: actor,
        command: request.body,
      });
      return reply.status(201).send(record);
    },
  );

  app.get(
    '/trial-periods/:trialPeriodId/outcomes',
    {
      schema: {
        tags,
        summary: 'The outcome records of a trial: the decision, then its corrections in order',
        params: trialParams,
        response: { 200: z.object({ items: z.array(outcomeRecordSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listOutcomes(context, tenantOf(request), request.params.trialPeriodId),
    }),
  );

  app.get(
    '/trial-periods/:trialPeriodId',
    {
      schema: {
        tags,
        params: trialParams,
        response: { 200: trialPeriodSchema, ...errorResponses },
      },
    },
    async (request) =>
      present(await getTrialPeriod(context, tenantOf(request), request.params.trialPeriodId)),
  );

  app.get(
    '/trial-periods',
    {
      schema: {
        tags,
        summary: 'Trial periods of the CPAS, oldest first, by placement, person or status',
        querystring: pageQuery.extend({
          placementId: z.uuid().optional(),
          personId: z.uuid().optional(),
          status: z.enum(['running', 'passed', 'ended', 'closed']).optional(),
        }),
        response: {
          200: z.object({ items: z.array(trialPeriodSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      const page = await searchTrialPeriods(context, tenantOf(request), {
        ...filter,
        after: decodeCursor(cursor),
      });
      return { items: page.items.map(present), nextCursor: encodeCursor(page.nextAfter) };
    },
  );
};
