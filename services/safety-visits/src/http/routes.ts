import { isoDate } from '@relais/contracts';
import {
  problemSchema,
  TENANT_HEADER,
  tenantHeaders,
  type ServiceApp,
  type ServiceContext,
} from '@relais/service-kit';
import { z } from 'zod';
import type { PreventionVisit } from '../domain/prevention-visit.ts';
import {
  getPreventionVisit,
  listPreventionVisits,
  schedulePreventionVisit,
} from '../app/prevention-visits.ts';

const visitKind = z.enum(['pre_approval', 'periodic', 'post_accident', 'on_request']);
const visitSchema = z.object({
  id: z.uuid(),
  hostEmployerId: z.uuid(),
  kind: visitKind,
  scheduledFor: isoDate,
  safetyOfficerId: z.uuid(),
  status: z.enum(['scheduled']),
});
const errors = { 400: problemSchema, 404: problemSchema, 422: problemSchema };
const tags = ['prevention visits'];
const present = ({ tenantId: _tenant, ...visit }: PreventionVisit) => visit;

/** The safety-visits HTTP API (scheduling; reports and findings come with the full safety domain). */
export const registerRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/prevention-visits',
    {
      schema: {
        tags,
        summary: 'Schedule a prevention visit (visite de prévention) at a host employer',
        headers: tenantHeaders,
        body: z.object({
          hostEmployerId: z.uuid(),
          kind: visitKind,
          scheduledFor: isoDate,
          safetyOfficerId: z.uuid(),
        }),
        response: { 201: visitSchema, ...errors },
      },
    },
    async (request, reply) => {
      const visit = await schedulePreventionVisit(context, {
        tenantId: request.headers[TENANT_HEADER],
        ...request.body,
      });
      return reply.status(201).header('location', `/prevention-visits/${visit.id}`).send(present(visit));
    },
  );
  app.get(
    '/prevention-visits/:visitId',
    {
      schema: {
        tags,
        headers: tenantHeaders,
        params: z.object({ visitId: z.uuid() }),
        response: { 200: visitSchema, ...errors },
      },
    },
    async (request) =>
      present(await getPreventionVisit(context, request.headers[TENANT_HEADER], request.params.visitId)),
  );
  app.get(
    '/prevention-visits',
    {
      schema: {
        tags,
        headers: tenantHeaders,
        querystring: z.object({ hostEmployerId: z.uuid() }),
        response: { 200: z.object({ items: z.array(visitSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (
        await listPreventionVisits(context, request.headers[TENANT_HEADER], request.query.hostEmployerId)
      ).map(present),
    }),
  );
};
