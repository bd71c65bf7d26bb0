import { incomeCategory, isoDate } from '@relais/contracts';
import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { confirmUnemployment } from '../app/confirm-unemployment.ts';
import { getFollowUps, getIncomeCoverage, getTimeline } from '../app/read-person.ts';
import { registerIncome } from '../app/register-income.ts';
import {
  coverageSchema,
  errors,
  followUpSchema,
  periodSchema,
  personParams,
  timelineSchema,
} from './schemas.ts';

const tags = ['income coverage'];

/** The coverage timeline, the person's timeline, the RI registration and the end of a bridge. */
export const registerCoverageRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/persons/:personId/income-coverage',
    {
      schema: {
        tags,
        summary:
          "A person's coverage (RI, article 60 salary, unemployment benefits) with amounts through `asOf`, its gaps and the decisions behind them, reopenings and bridges",
        params: personParams,
        querystring: z.object({ asOf: isoDate.optional() }),
        response: { 200: coverageSchema, ...errors },
      },
    },
    (request) => getIncomeCoverage(context, tenantOf(request), request.params.personId, request.query.asOf),
  );

  app.get(
    '/persons/:personId/timeline',
    {
      schema: {
        tags,
        summary: "What the social worker must know, in order, and every revision of the person's coverage",
        params: personParams,
        response: { 200: timelineSchema, ...errors },
      },
    },
    (request) => getTimeline(context, tenantOf(request), request.params.personId),
  );

  app.get(
    '/persons/:personId/follow-ups',
    {
      schema: {
        tags,
        summary: "A person's continued ISP follow-ups",
        params: personParams,
        response: { 200: z.object({ items: z.array(followUpSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await getFollowUps(context, tenantOf(request), request.params.personId),
    }),
  );

  app.post(
    '/persons/:personId/integration-income',
    {
      schema: {
        tags,
        summary: 'The social service records the RI the person receives (from a day, in a category)',
        params: personParams,
        body: z.strictObject({ startDate: isoDate, category: incomeCategory }),
        response: { 201: periodSchema, ...errors },
      },
    },
    async (request, reply) => {
      const period = await registerIncome(context, {
        ...actorOf(request),
        personId: request.params.personId,
        correlationId: request.id,
        income: request.body,
      });
      return reply.status(201).send(period);
    },
  );

  app.post(
    '/persons/:personId/unemployment-benefits',
    {
      schema: {
        tags,
        summary:
          'The first unemployment payment is confirmed: benefits cover the person and the bridging RI ends',
        params: personParams,
        body: z.strictObject({ firstPaymentOn: isoDate, benefitsFrom: isoDate }),
        response: { 201: periodSchema, ...errors },
      },
    },
    async (request, reply) => {
      const period = await confirmUnemployment(context, {
        ...actorOf(request),
        personId: request.params.personId,
        correlationId: request.id,
        confirmation: request.body,
      });
      return reply.status(201).send(period);
    },
  );
};
