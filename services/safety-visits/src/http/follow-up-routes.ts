import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { closeCorrectiveAction } from '../app/close-corrective-action.ts';
import { closeFinding } from '../app/close-finding.ts';
import { openCorrectiveAction } from '../app/open-corrective-action.ts';
import { openActions } from '../app/read-actions.ts';
import {
  actionSchema,
  afterOf,
  dayPage,
  errorResponses,
  findingSchema,
  isoDate,
  pageOf,
  paged,
  presentAction,
  presentFinding,
  text,
} from './schemas.ts';

const tags = ['findings and corrective actions'];
const by = (request: Parameters<typeof actorOf>[0]) => {
  const { tenantId, actor } = actorOf(request);
  return { tenantId, context: { by: actor, correlationId: request.id, causationId: null } };
};

/** Corrective actions on findings, closed with evidence; the list of open actions. */
export const registerFollowUpRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/findings/:findingId/actions',
    {
      schema: {
        tags,
        summary: 'Open a corrective action on a finding: what, who (owner) and by when',
        params: z.object({ findingId: z.uuid() }),
        body: z.strictObject({ description: text(2000), owner: text(200), deadline: isoDate }),
        response: { 201: actionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, context: cmd } = by(request);
      const action = await openCorrectiveAction(
        context,
        { tenantId, findingId: request.params.findingId, ...request.body },
        cmd,
      );
      return reply.status(201).send(presentAction(action));
    },
  );

  app.post(
    '/corrective-actions/:actionId/close',
    {
      schema: {
        tags,
        summary: 'Close a corrective action with the evidence noted; the finding closes with its last action',
        params: z.object({ actionId: z.uuid() }),
        body: z.strictObject({ evidence: text(2000) }),
        response: { 200: actionSchema.extend({ finding: findingSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, context: cmd } = by(request);
      const done = await closeCorrectiveAction(
        context,
        { tenantId, actionId: request.params.actionId, ...request.body },
        cmd,
      );
      return { ...presentAction(done.action), finding: presentFinding(done.finding) };
    },
  );

  app.post(
    '/findings/:findingId/close',
    {
      schema: {
        tags,
        summary:
          'Close a finding with no open action (a major or critical one needs an action closed with evidence)',
        params: z.object({ findingId: z.uuid() }),
        body: z.strictObject({ note: text(2000) }),
        response: { 200: findingSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, context: cmd } = by(request);
      return presentFinding(
        await closeFinding(context, { tenantId, findingId: request.params.findingId, ...request.body }, cmd),
      );
    },
  );

  app.get(
    '/corrective-actions',
    {
      schema: {
        tags,
        summary: 'Open corrective actions by deadline: all, one host’s, or only the overdue ones',
        querystring: dayPage.extend({
          hostEmployerId: z.uuid().optional(),
          overdue: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
        }),
        response: { 200: pageOf(actionSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      const rows = await openActions(context, tenantOf(request), {
        ...filters,
        after: afterOf(cursor),
        limit: limit + 1,
      });
      return paged(rows, limit, (a) => a.deadline, presentAction);
    },
  );
};
