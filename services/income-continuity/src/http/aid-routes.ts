import { aidKind, isoDate } from '@relais/contracts';
import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { closeAidRequest } from '../app/close-aid-request.ts';
import { getAidRequests } from '../app/read-person.ts';
import { registerAidRequest } from '../app/register-aid-request.ts';
import { aidRequestSchema, errors, personParams } from './schemas.ts';

const tags = ['aid requests'];

/** The social service's aid requests: a suspension of the RI puts the ones depending on it at risk. */
export const registerAidRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/persons/:personId/aid-requests',
    {
      schema: {
        tags,
        params: personParams,
        response: { 200: z.object({ items: z.array(aidRequestSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await getAidRequests(context, tenantOf(request), request.params.personId),
    }),
  );

  app.post(
    '/persons/:personId/aid-requests',
    {
      schema: {
        tags,
        summary: 'Register a pending aid request (rental guarantee, energy aid…)',
        params: personParams,
        body: z.strictObject({
          kind: aidKind,
          /** Whether entitlement depends on receiving the RI (true for a rental guarantee or energy aid at most CPAS). */
          dependsOnIntegrationIncome: z.boolean().default(true),
          requestedOn: isoDate,
          note: z.string().max(500).nullable().default(null),
        }),
        response: { 201: aidRequestSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await registerAidRequest(context, {
        ...actorOf(request),
        personId: request.params.personId,
        request: request.body,
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/persons/:personId/aid-requests/:aidRequestId/closure',
    {
      schema: {
        tags,
        summary: 'Close an aid request: granted, refused or withdrawn',
        params: personParams.extend({ aidRequestId: z.uuid() }),
        body: z.strictObject({ closedOn: isoDate, closure: z.enum(['granted', 'refused', 'withdrawn']) }),
        response: { 200: aidRequestSchema, ...errors },
      },
    },
    (request) =>
      closeAidRequest(context, {
        ...actorOf(request),
        personId: request.params.personId,
        aidRequestId: request.params.aidRequestId,
        closing: request.body,
        correlationId: request.id,
      }),
  );
};
