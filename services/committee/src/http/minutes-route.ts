import { type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { sessionMinutes } from '../app/minutes.ts';
import { errors, minutesQuery, sessionParams } from './schemas.ts';

/** `GET /sessions/:sessionId/minutes?lang=fr|nl`: the minutes as PDF. */
export const registerMinutesRoute = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/sessions/:sessionId/minutes',
    {
      schema: {
        tags: ['sessions'],
        summary: 'The minutes of the session as PDF, in French or Dutch',
        params: sessionParams,
        querystring: minutesQuery,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errors },
      },
    },
    async (request, reply) => {
      const { pdf, personIds } = await sessionMinutes(
        context,
        tenantOf(request),
        request.params.sessionId,
        request.query.lang,
      );
      // A PDF is not serialised, so the audit hook cannot look into it: name the persons it shows.
      request.auditPayload = { personId: personIds };
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename="minutes-${request.params.sessionId}-${request.query.lang}.pdf"`,
        )
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};
