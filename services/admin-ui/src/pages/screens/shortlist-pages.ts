import type { ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { field, fields, formOf } from '../forms.ts';
import { candidateNames } from '../lookups.ts';
import { query, segment, ServiceRefusal } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { Host, Page, Position, Proposal, Shortlist } from '../service-types.ts';
import { today } from '../today.ts';

const REJECTION_REASONS = [
  'host_chose_another',
  'skills_gap',
  'schedule_mismatch',
  'language_level',
  'candidate_withdrew',
  'candidate_unreachable',
  'host_withdrew_post',
];
const PROPOSAL_STATUSES = ['awaiting_committee', 'approved', 'refused', 'withdrawn'];
const positionParams = z.object({ positionId: z.uuid() });
const shortlistParams = z.object({ shortlistId: z.uuid() });
const proposalsQuery = z.object({
  status: z.enum(PROPOSAL_STATUSES).optional().catch(undefined),
  atRisk: z.enum(['true']).optional().catch(undefined),
});

const refusedByService = (error: unknown): error is ServiceRefusal =>
  error instanceof ServiceRefusal && error.status < 500 && error.status !== 404;

/** Presenting candidates to the host, the host's choice, and the engagement proposal to the committee. */
export const registerShortlistPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.post('/positions/:positionId/shortlists', async (request, reply) => {
    const { positionId } = positionParams.parse(request.params);
    const form = formOf(request);
    const mode = field(form, 'mode') === 'shortlist' ? 'shortlist' : 'single';
    const candidateIds = fields(form, 'candidateIds');
    try {
      const shortlist = await deps
        .api(request)
        .send<Shortlist>('placement', 'POST', `/positions/${segment(positionId)}/shortlists`, {
          mode,
          ...(candidateIds.length > 0 ? { candidateIds } : {}),
        });
      return await reply.redirect(`/shortlists/${segment(shortlist.id)}?done=shortlistPresented`, 303);
    } catch (error) {
      if (!refusedByService(error)) throw error;
      return reply.redirect(`/positions/${segment(positionId)}${query({ refused: error.code })}`, 303);
    }
  });

  const shortlistPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error: string | null,
    status = 200,
  ) => {
    const { shortlistId } = shortlistParams.parse(request.params);
    const api = deps.api(request);
    const shortlist = await api.get<Shortlist>('placement', `/shortlists/${segment(shortlistId)}`);
    const position = await api.get<Position>('placement', `/positions/${segment(shortlist.positionId)}`);
    const [host, names] = await Promise.all([
      api.get<Host>('placement', `/hosts/${segment(position.hostEmployerId)}`),
      candidateNames(api),
    ]);
    return renderer.page(
      request,
      reply,
      'shortlist',
      {
        title: renderer.t(request)('shortlists.title', { position: position.title }),
        shortlist,
        position,
        host,
        names,
        reasons: REJECTION_REASONS,
        startDate: position.fillDeadline ?? today(deps.accounts.clock.now()),
        error,
      },
      status,
    );
  };

  scope.get('/shortlists/:shortlistId', (request, reply) => shortlistPage(request, reply, null));

  scope.post('/shortlists/:shortlistId/choice', async (request, reply) => {
    const { shortlistId } = shortlistParams.parse(request.params);
    const form = formOf(request);
    const chosen = field(form, 'chosenCandidateId');
    const others = Object.keys(form)
      .filter((key) => key.startsWith('reason_') && key !== `reason_${chosen}`)
      .map((key) => ({ candidateId: key.slice('reason_'.length), reason: field(form, key) }));
    try {
      await deps.api(request).send('placement', 'POST', `/shortlists/${segment(shortlistId)}/choice`, {
        chosenCandidateId: chosen,
        others,
      });
    } catch (error) {
      if (!refusedByService(error)) throw error;
      return shortlistPage(request, reply, error.code, 422);
    }
    return reply.redirect(`/shortlists/${segment(shortlistId)}?done=choiceRecorded`, 303);
  });

  scope.post('/shortlists/:shortlistId/proposal', async (request, reply) => {
    const { shortlistId } = shortlistParams.parse(request.params);
    const form = formOf(request);
    try {
      await deps.api(request).send<Proposal>('placement', 'POST', '/engagement-proposals', {
        shortlistId,
        startDate: field(form, 'startDate'),
        weeklyHours: Number(field(form, 'weeklyHours').replace(',', '.')),
        payScale: field(form, 'payScale'),
      });
    } catch (error) {
      if (!refusedByService(error)) throw error;
      return shortlistPage(request, reply, error.code, 422);
    }
    return reply.redirect('/proposals?done=proposalSent', 303);
  });

  scope.get('/proposals', async (request, reply) => {
    const filters = proposalsQuery.parse(request.query);
    const api = deps.api(request);
    const [list, names, positions] = await Promise.all([
      api.get<Page<Proposal>>('placement', `/engagement-proposals${query({ ...filters, limit: 200 })}`),
      candidateNames(api),
      api.get<Page<Position>>('placement', '/positions?limit=200'),
    ]);
    return renderer.page(request, reply, 'proposals', {
      title: renderer.t(request)('proposals.title'),
      statuses: PROPOSAL_STATUSES,
      filters,
      proposals: list.items,
      names,
      positions: new Map(positions.items.map((p) => [p.id, p.title])),
    });
  });
};
