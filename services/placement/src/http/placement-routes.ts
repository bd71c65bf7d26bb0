import { type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import type { Placement } from '../domain/placement.ts';
import { getPlacement, placementsOfPerson } from '../app/placements/read-placements.ts';
import { errorResponses, isoDate } from './schemas.ts';

const placementSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  hostEmployerId: z.uuid(),
  positionId: z.uuid(),
  proposalId: z.uuid(),
  startDate: isoDate,
  plannedEndDate: isoDate,
  weeklyHours: z.number(),
  payScale: z.string(),
  status: z.enum(['scheduled', 'started', 'ended']),
  endDate: isoDate.optional(),
  endReason: z.enum(['completed', 'ended_early', 'trial_not_conclusive', 'trial_ended_early']).optional(),
});

const tags = ['placements'];
const present = ({ tenantId: _tenant, ...placement }: Placement) => placement;

/** Placements (contracts): created from approved proposals, started and ended by the platform. */
export const registerPlacementRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/placements/:placementId',
    {
      schema: {
        tags,
        params: z.object({ placementId: z.uuid() }),
        response: { 200: placementSchema, ...errorResponses },
      },
    },
    async (request) => present(await getPlacement(context, tenantOf(request), request.params.placementId)),
  );

  app.get(
    '/placements',
    {
      schema: {
        tags,
        summary: "A person's placements, most recent first",
        querystring: z.object({ personId: z.uuid() }),
        response: { 200: z.object({ items: z.array(placementSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: (await placementsOfPerson(context, tenantOf(request), request.query.personId)).map(present),
    }),
  );
};
