import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { accidentRates } from '../app/accident-rates.ts';
import { reportWorkAccident } from '../app/report-work-accident.ts';
import { accidentSeverity, errorResponses, isoDate, presentVisit, text, visitSchema } from './schemas.ts';

const tags = ['work accidents'];
const rate = z.object({
  key: z.string(),
  label: z.string(),
  placements: z.number().int(),
  workedDays: z.number().int(),
  accidents: z.number().int(),
  severeAccidents: z.number().int(),
  per100Placements: z.number().nullable(),
  per1000WorkedDays: z.number().nullable(),
});

/** Work accidents (accidents du travail) and accident rates. */
export const registerAccidentRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/work-accidents',
    {
      schema: {
        tags,
        summary: 'Record a work accident during a placement; the post-accident visit is scheduled at once',
        body: z.strictObject({
          placementId: z.uuid(),
          siteId: z.uuid(),
          occurredOn: isoDate,
          description: text(4000),
          severity: accidentSeverity,
          daysLost: z.number().int().min(0).max(3650),
          declaredToInsurer: z.boolean(),
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            placementId: z.uuid(),
            personId: z.uuid().nullable(),
            hostEmployerId: z.uuid(),
            siteId: z.uuid(),
            occurredOn: isoDate,
            description: z.string(),
            severity: accidentSeverity,
            daysLost: z.number().int(),
            declaredToInsurer: z.boolean(),
            postAccidentVisit: visitSchema,
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const { accident, visit } = await reportWorkAccident(
        context,
        { tenantId, ...request.body },
        { by: actor, correlationId: request.id, causationId: null },
      );
      const { tenantId: _t, reportedBy: _b, postAccidentVisitId: _v, ...shown } = accident;
      return reply.status(201).send({ ...shown, postAccidentVisit: presentVisit(visit) });
    },
  );

  app.get(
    '/accident-rates',
    {
      schema: {
        tags,
        summary:
          'Accidents per 100 placements and per 1,000 worked days, per host or per sector, over a period',
        querystring: z
          .object({
            groupBy: z.enum(['host', 'sector']),
            from: isoDate,
            to: isoDate,
            hostEmployerId: z.uuid().optional(),
          })
          .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] }),
        response: {
          200: z.object({
            from: isoDate,
            to: isoDate,
            groupBy: z.enum(['host', 'sector']),
            items: z.array(rate),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      ...request.query,
      items: await accidentRates(context, tenantOf(request), request.query),
    }),
  );
};
