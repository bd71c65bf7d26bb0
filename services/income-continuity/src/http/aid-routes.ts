import { aidKind, isoDate } from '@relais/contracts';
import {
  actorHeaders,
  actorOf,
  TENANT_HEADER,
  tenantHeaders,
  type ServiceApp,
  type ServiceContext,
} from '@relais/service-kit';
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
        headers: tenantHeaders,
        params: personParams,
        response: { 200: z.object({ items: z.array(aidRequestSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await getAidRequests(context, request.headers[TENANT_HEADER], request.params.personId),
    }),
  );

  app.post(
    '/persons/:personId/aid-requests',
    {
      schema: {
        tags,
        summary: 'Register a pending aid request (rental guarantee, energy aid…)',
        headers: actorHeaders,
        params: personParams,
        body: z.object({
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
        ...actorOf(request.headers),
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
        headers: actorHeaders,
        params: personParams.extend({ aidRequestId: z.uuid() }),
        body: z.object({ closedOn: isoDate, closure: z.enum(['granted', 'refused', 'withdrawn']) }),
        response: { 200: aidRequestSchema, ...errors },
      },
    },
    (request) =>
      closeAidRequest(context, {
        ...actorOf(request.headers),
        personId: request.params.personId,
        aidRequestId: request.params.aidRequestId,
        closing: request.body,
      }),
  );
};
