import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { getProposal, searchProposals, type ProposalWithDeadline } from '../app/engagement/read-proposals.ts';
import { proposeEngagement } from '../app/engagement/propose-engagement.ts';
import { errorResponses, isoDate, pageQuery } from './schemas.ts';

const proposalStatus = z.enum(['awaiting_committee', 'approved', 'refused', 'withdrawn']);

const proposalSchema = z.object({
  id: z.uuid(),
  shortlistId: z.uuid(),
  positionId: z.uuid(),
  candidateId: z.uuid(),
  hostEmployerId: z.uuid(),
  startDate: isoDate,
  endDate: isoDate,
  weeklyHours: z.number(),
  payScale: z.string(),
  hostDeadline: isoDate.nullable(),
  status: proposalStatus,
  committeeDecisionId: z.uuid().nullable(),
  decidedOn: isoDate.nullable(),
  deadline: z.object({
    hostDeadline: isoDate.nullable(),
    daysLeft: z.number().int().nullable(),
    atRisk: z.boolean(),
    reason: z.enum(['start_after_deadline', 'deadline_near', 'deadline_passed']).nullable(),
  }),
});

const present = ({ tenantId: _t, createdBy: _c, ...p }: ProposalWithDeadline) => p;
const tags = ['engagement proposals'];

/** Engagement proposals put to the committee, with their deadlines. */
export const registerEngagementRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/engagement-proposals',
    {
      schema: {
        tags,
        summary:
          'Propose to engage the candidate the host chose; the end date follows from the days needed for unemployment rights',
        body: z.strictObject({
          shortlistId: z.uuid(),
          startDate: isoDate,
          weeklyHours: z.number().positive().max(40),
          payScale: z.string().min(1).max(40),
        }),
        response: { 201: proposalSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const proposal = await proposeEngagement(
        context,
        { tenantId, ...request.body, correlationId: request.id },
        actor,
      );
      const view = await getProposal(context, tenantId, proposal.id);
      return reply.status(201).header('location', `/engagement-proposals/${proposal.id}`).send(present(view));
    },
  );

  app.get(
    '/engagement-proposals',
    {
      schema: {
        tags,
        summary: 'Proposals, the nearest host deadline first; atRisk=true keeps those that may lose the job',
        querystring: pageQuery.extend({
          status: proposalStatus.optional(),
          atRisk: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
        }),
        response: {
          200: z.object({ items: z.array(proposalSchema), total: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { items, total } = await searchProposals(context, tenantOf(request), request.query);
      return { items: items.map(present), total };
    },
  );

  app.get(
    '/engagement-proposals/:proposalId',
    {
      schema: {
        tags,
        params: z.object({ proposalId: z.uuid() }),
        response: { 200: proposalSchema, ...errorResponses },
      },
    },
    async (request) => present(await getProposal(context, tenantOf(request), request.params.proposalId)),
  );
};
