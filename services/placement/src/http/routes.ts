import { isoDate } from '@relais/contracts';
import {
  problemSchema,
  TENANT_HEADER,
  tenantHeaders,
  type ServiceApp,
  type ServiceContext,
} from '@relais/service-kit';
import { z } from 'zod';
import type { Placement } from '../domain/placement.ts';
import { getPlacement } from '../app/get-placement.ts';
import { startPlacement } from '../app/start-placement.ts';

const placementSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  hostEmployerId: z.uuid(),
  startDate: isoDate,
  status: z.enum(['started', 'ended']),
  endDate: isoDate.optional(),
  endReason: z.enum(['trial_not_conclusive', 'trial_ended_early']).optional(),
});

const errors = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };
const tags = ['placements'];

const present = ({ tenantId: _tenant, ...placement }: Placement) => placement;

/** The placement HTTP API (the start of a placement, enough for the core chain). */
export const registerRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/placements',
    {
      schema: {
        tags,
        summary: 'Start an article 60 §7 placement of a person at a host employer',
        headers: tenantHeaders,
        body: z.object({ personId: z.uuid(), hostEmployerId: z.uuid(), startDate: isoDate }),
        response: { 201: placementSchema, ...errors },
      },
    },
    async (request, reply) => {
      const placement = await startPlacement(
        context,
        { tenantId: request.headers[TENANT_HEADER], ...request.body },
        request.id,
      );
      return reply.status(201).header('location', `/placements/${placement.id}`).send(present(placement));
    },
  );

  app.get(
    '/placements/:placementId',
    {
      schema: {
        tags,
        headers: tenantHeaders,
        params: z.object({ placementId: z.uuid() }),
        response: { 200: placementSchema, ...errors },
      },
    },
    async (request) =>
      present(await getPlacement(context, request.headers[TENANT_HEADER], request.params.placementId)),
  );
};
