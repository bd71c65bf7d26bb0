import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { correctDecision } from '../app/correct-decision.ts';
import { listDecisions } from '../app/list-decisions.ts';
import { recordNotification } from '../app/record-notification.ts';
import {
  correctionBody,
  decisionParams,
  decisionSchema,
  decisionsQuery,
  errors,
  itemDetailSchema,
  notificationBody,
} from './schemas.ts';

const tags = ['decisions'];
const meta = (request: FastifyRequest) => ({ ...actorOf(request), correlationId: request.id });

/** Decisions: reading them per person or session, corrections, the person's notification. */
export const registerDecisionRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/decisions',
    {
      schema: {
        tags,
        summary: 'Decisions about a person or of a session, newest first',
        querystring: decisionsQuery,
        response: { 200: z.object({ items: z.array(decisionSchema) }), ...errors },
      },
    },
    (request) => listDecisions(context, tenantOf(request), request.query),
  );
  app.post(
    '/decisions/:decisionId/corrections',
    {
      schema: {
        tags,
        summary: 'A new decision correcting a signed one (which stays as it was)',
        params: decisionParams,
        body: correctionBody,
        response: { 200: itemDetailSchema, ...errors },
      },
    },
    (request) => correctDecision(context, meta(request), request.params.decisionId, request.body),
  );
  app.post(
    '/decisions/:decisionId/notification',
    {
      schema: {
        tags,
        summary: 'The person was notified of the decision',
        params: decisionParams,
        body: notificationBody,
        response: { 200: itemDetailSchema, ...errors },
      },
    },
    (request) => recordNotification(context, meta(request), request.params.decisionId, request.body),
  );
};
