import { isoDate, TOPICS } from '@relais/contracts';
import { principalOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { readCaseOnDate } from '../app/read-case.ts';
import { createRebuilder } from '../app/rebuild.ts';
import { readStatistics } from '../app/read-statistics.ts';
import type { StatisticsConfig } from '../config.ts';
import { listGenerations } from '../db/generations.ts';
import { statisticsCsv } from './csv.ts';
import { caseSchema, errors, generationSchema, periodQuery, statisticsSchema } from './schemas.ts';

/** The topics the statistics read, live and when rebuilt. */
export const STATISTICS_TOPICS = [
  TOPICS.placement,
  TOPICS.safetyVisits,
  TOPICS.trialPeriod,
  TOPICS.incomeContinuity,
  TOPICS.committee,
];

/** The figures of the caller's CPAS, their CSV export, a person's case on a date, and the rebuild. */
export const registerRoutes = (app: ServiceApp, context: ServiceContext<StatisticsConfig>): void => {
  const rebuilder = createRebuilder(context, STATISTICS_TOPICS);
  void rebuilder
    .recover()
    .catch((error: unknown) => context.logger.warn({ err: error }, 'rebuild recovery failed'));
  app.addHook('onClose', () => rebuilder.stop());

  app.get(
    '/statistics',
    {
      schema: {
        tags: ['statistics'],
        summary:
          "The caller's CPAS's figures per month, host and sector; counts under the suppression threshold are `suppressed`",
        querystring: periodQuery,
        response: { 200: statisticsSchema, ...errors },
      },
    },
    (request) => readStatistics(context, tenantOf(request), request.query),
  );

  app.get(
    '/statistics/export.csv',
    {
      schema: {
        tags: ['statistics'],
        summary: 'The same figures as CSV, one per line; suppressed ones say `suppressed`',
        querystring: periodQuery,
        produces: ['text/csv'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const statistics = await readStatistics(context, tenantOf(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="statistiques-${statistics.from}-${statistics.to}.csv"`,
        )
        .send(statisticsCsv(statistics));
    },
  );

  app.get(
    '/persons/:personId/case-on-date',
    {
      schema: {
        tags: ['appeals'],
        summary:
          "A person's case (placement, trial, income reopening, committee decisions) as it stood at the end of `date`",
        params: z.object({ personId: z.uuid() }),
        querystring: z.object({ date: isoDate }),
        response: { 200: caseSchema, ...errors },
      },
    },
    (request) => readCaseOnDate(context, tenantOf(request), request.params.personId, request.query.date),
  );

  app.get(
    '/read-model/generations',
    {
      schema: {
        tags: ['operations'],
        summary: 'The generations of the read model: the active one, one being rebuilt, the former ones',
        response: { 200: z.object({ items: z.array(generationSchema) }) },
      },
    },
    async () => ({ items: await listGenerations(context.pool) }),
  );

  app.post(
    '/read-model/rebuilds',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Rebuilds the read model from the earliest offsets into a new generation, made active once caught up',
        body: z.strictObject({ reason: z.string().trim().min(3).max(500) }),
        response: { 202: generationSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await rebuilder.start(principalOf(request).userId, request.body.reason)),
  );
};
