import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { closeSession } from '../app/close-session.ts';
import { createSession } from '../app/create-session.ts';
import { orderAgenda } from '../app/order-agenda.ts';
import { scheduleItem } from '../app/schedule-item.ts';
import { listSessionsView, readSession } from '../app/sessions-read.ts';
import { changeSession } from '../app/update-session.ts';
import {
  createSessionBody,
  errors,
  itemDetailSchema,
  itemSummarySchema,
  membersBody,
  orderBody,
  scheduleBody,
  sessionParams,
  sessionSchema,
  sessionsQuery,
  updateSessionBody,
} from './schemas.ts';

const tags = ['sessions'];
const sessionWithAgenda = z.object({ session: sessionSchema, items: z.array(itemSummarySchema) });

/** Sessions of the comité spécial: planning, roster and attendance, agenda, closure. */
export const registerSessionRoutes = (app: ServiceApp, context: ServiceContext): void => {
  const meta = (request: Parameters<typeof actorOf>[0]) => ({
    ...actorOf(request),
    correlationId: request.id,
  });

  app.post(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Plan a session with its members and quorum',
        body: createSessionBody,
        response: { 201: sessionSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSession(context, meta(request), request.body)),
  );
  app.get(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Sessions, soonest first',
        querystring: sessionsQuery,
        response: { 200: z.object({ items: z.array(sessionSchema) }), ...errors },
      },
    },
    (request) => listSessionsView(context, tenantOf(request), request.query),
  );
  app.get(
    '/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'A session and its agenda, in order',
        params: sessionParams,
        response: { 200: sessionWithAgenda, ...errors },
      },
    },
    (request) => readSession(context, tenantOf(request), request.params.sessionId),
  );
  app.patch(
    '/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'Change the day, time, place or quorum of a planned session',
        params: sessionParams,
        body: updateSessionBody,
        response: { 200: sessionSchema, ...errors },
      },
    },
    (request) => changeSession(context, meta(request), request.params.sessionId, request.body),
  );
  app.put(
    '/sessions/:sessionId/members',
    {
      schema: {
        tags,
        summary: 'The roster and attendance of a planned session',
        params: sessionParams,
        body: membersBody,
        response: { 200: sessionSchema, ...errors },
      },
    },
    (request) => changeSession(context, meta(request), request.params.sessionId, request.body),
  );
  app.post(
    '/sessions/:sessionId/items',
    {
      schema: {
        tags,
        summary: 'Put a pending item on the agenda',
        params: sessionParams,
        body: scheduleBody,
        response: { 200: itemDetailSchema, ...errors },
      },
    },
    (request) => scheduleItem(context, meta(request), request.params.sessionId, request.body),
  );
  app.put(
    '/sessions/:sessionId/order',
    {
      schema: {
        tags,
        summary: 'The agenda in a new order (every item, once)',
        params: sessionParams,
        body: orderBody,
        response: { 200: sessionWithAgenda, ...errors },
      },
    },
    (request) => orderAgenda(context, meta(request), request.params.sessionId, request.body.itemIds),
  );
  app.post(
    '/sessions/:sessionId/closure',
    {
      schema: {
        tags,
        summary: 'Close the session once every item is signed or postponed',
        params: sessionParams,
        response: { 200: sessionSchema, ...errors },
      },
    },
    (request) => closeSession(context, meta(request), request.params.sessionId),
  );
};
