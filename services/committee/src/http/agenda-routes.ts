import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { addManualItem } from '../app/add-manual-item.ts';
import { declareConflict } from '../app/declare-conflict.ts';
import { listAgenda } from '../app/list-agenda.ts';
import { postponeItem } from '../app/postpone-item.ts';
import { prepareItem } from '../app/prepare-item.ts';
import { readItem } from '../app/read-item.ts';
import { recordDecision } from '../app/record-decision.ts';
import { signItem } from '../app/sign-item.ts';
import {
  agendaQuery,
  conflictOfInterestBody,
  errors,
  itemDetailSchema,
  itemParams,
  itemSummarySchema,
  manualItemBody,
  postponeBody,
  prepareBody,
  recordDecisionBody,
  signatureBody,
} from './schemas.ts';

const tags = ['agenda'];
const detail = { 200: itemDetailSchema, ...errors };
const meta = (request: FastifyRequest) => ({ ...actorOf(request), correlationId: request.id });

/** The agenda and its items: reading, manual items, postponement, the two steps and the signature. */
export const registerAgendaRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/agenda',
    {
      schema: {
        tags,
        summary: 'Agenda items with their deadlines, flags and conflicts',
        querystring: agendaQuery,
        response: { 200: z.object({ items: z.array(itemSummarySchema) }), ...errors },
      },
    },
    (request) => listAgenda(context, tenantOf(request), request.query),
  );
  app.post(
    '/agenda/items',
    {
      schema: {
        tags,
        summary: 'Add a manual item with its proposals',
        body: manualItemBody,
        response: { 201: itemDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addManualItem(context, meta(request), request.body)),
  );
  app.get(
    '/agenda/items/:itemId',
    {
      schema: {
        tags,
        summary:
          'An item: case summary, proposals, decisions, deadlines, conflicts, financial effect, history',
        params: itemParams,
        response: detail,
      },
    },
    (request) => readItem(context, tenantOf(request), request.params.itemId),
  );
  app.post(
    '/agenda/items/:itemId/postponement',
    {
      schema: {
        tags,
        summary: 'Postpone an item, with its reason',
        params: itemParams,
        body: postponeBody,
        response: detail,
      },
    },
    (request) => postponeItem(context, meta(request), request.params.itemId, request.body),
  );
  app.post(
    '/agenda/items/:itemId/preparation',
    {
      schema: {
        tags,
        summary: 'Step one: the assessment (and a manual item’s proposals)',
        params: itemParams,
        body: prepareBody,
        response: detail,
      },
    },
    (request) => prepareItem(context, meta(request), request.params.itemId, request.body),
  );
  app.post(
    '/agenda/items/:itemId/conflicts-of-interest',
    {
      schema: {
        tags,
        summary: 'Declare a member’s conflict of interest on the item',
        params: itemParams,
        body: conflictOfInterestBody,
        response: detail,
      },
    },
    (request) => declareConflict(context, meta(request), request.params.itemId, request.body),
  );
  app.post(
    '/agenda/items/:itemId/decisions',
    {
      schema: {
        tags,
        summary: 'Step two: record the decision on one proposal',
        params: itemParams,
        body: recordDecisionBody,
        response: detail,
      },
    },
    (request) => {
      const { proposalId, ...input } = request.body;
      return recordDecision(context, meta(request), request.params.itemId, proposalId, input);
    },
  );
  app.post(
    '/agenda/items/:itemId/signature',
    {
      schema: {
        tags,
        summary: 'Sign the recorded decisions: final, and sent to the owning services',
        params: itemParams,
        body: signatureBody,
        response: detail,
      },
    },
    (request) => signItem(context, meta(request), request.params.itemId, request.body),
  );
};
