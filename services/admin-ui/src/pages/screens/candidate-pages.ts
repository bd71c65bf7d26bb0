import type { ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { field, formOf } from '../forms.ts';
import { hostNames } from '../lookups.ts';
import { query, segment, ServiceRefusal } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { Candidate, CandidateSummary, Matches, Page, Position, StatusChange } from '../service-types.ts';

const STATUSES = [
  'referred',
  'in_preparation',
  'available',
  'shortlisted',
  'proposed',
  'placed',
  'paused',
  'exited',
];
const PAGE_SIZE = 50;
const candidateParams = z.object({ candidateId: z.uuid() });
const listQuery = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).max(100_000).optional().catch(undefined),
});

/**
 * The moves a placement officer makes by hand from each status, with their reason (placement's
 * lifecycle table decides; the others follow events: a shortlist, the host's choice, a contract).
 */
const MOVES: Readonly<Record<string, readonly { to: string; reason: string }[]>> = {
  referred: [{ to: 'in_preparation', reason: 'intake_started' }],
  in_preparation: [{ to: 'available', reason: 'ready_for_matching' }],
  available: [{ to: 'in_preparation', reason: 'needs_more_preparation' }],
  paused: [{ to: 'available', reason: 'pause_ended' }],
};
const PAUSE_REASONS = ['illness', 'training', 'personal'];
const EXIT_REASONS = ['found_work_elsewhere', 'moved', 'left_isp'];
const PAUSABLE = new Set(['referred', 'in_preparation', 'available', 'shortlisted', 'proposed']);

const movesFrom = (status: string) => [
  ...(MOVES[status] ?? []),
  ...(PAUSABLE.has(status) ? PAUSE_REASONS.map((reason) => ({ to: 'paused', reason })) : []),
  ...(status === 'exited' ? [] : EXIT_REASONS.map((reason) => ({ to: 'exited', reason }))),
];

/** The placement officer's candidates: the list, one person's file, history and positions that fit. */
export const registerCandidatePages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/candidates', async (request, reply) => {
    const filters = listQuery.parse(request.query);
    const list = await deps
      .api(request)
      .get<Page<CandidateSummary> & { total: number }>(
        'placement',
        `/candidates${query({ status: filters.status, q: filters.q, limit: PAGE_SIZE, offset: filters.offset })}`,
      );
    const offset = filters.offset ?? 0;
    return renderer.page(request, reply, 'candidates', {
      title: renderer.t(request)('candidates.title'),
      statuses: STATUSES,
      filters,
      candidates: list.items,
      total: list.total,
      previous: offset > 0 ? query({ ...filters, offset: Math.max(0, offset - PAGE_SIZE) }) : null,
      next: offset + PAGE_SIZE < list.total ? query({ ...filters, offset: offset + PAGE_SIZE }) : null,
    });
  });

  const candidatePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error: string | null,
    status = 200,
  ) => {
    const { candidateId } = candidateParams.parse(request.params);
    const api = deps.api(request);
    const id = segment(candidateId);
    const [candidate, history, matches, positions, hosts] = await Promise.all([
      api.get<Candidate>('placement', `/candidates/${id}`),
      api.get<Page<StatusChange>>('placement', `/candidates/${id}/history`),
      api.attempt<Matches>('placement', `/candidates/${id}/matches?limit=5`),
      api.attempt<Page<Position>>('placement', '/positions?status=open&limit=200'),
      hostNames(api).catch(() => new Map<string, string>()),
    ]);
    const titles = new Map(positions.ok ? positions.value.items.map((p) => [p.id, p]) : []);
    return renderer.page(
      request,
      reply,
      'candidate',
      {
        title: `${candidate.firstName} ${candidate.lastName}`,
        candidate,
        history: [...history.items].reverse(),
        matches,
        positions: titles,
        hosts,
        moves: movesFrom(candidate.status),
        error,
      },
      status,
    );
  };

  scope.get('/candidates/:candidateId', (request, reply) => candidatePage(request, reply, null));

  scope.post('/candidates/:candidateId/transitions', async (request, reply) => {
    const { candidateId } = candidateParams.parse(request.params);
    const [to = '', reason = ''] = field(formOf(request), 'move').split(':');
    try {
      await deps
        .api(request)
        .send('placement', 'POST', `/candidates/${segment(candidateId)}/transitions`, { to, reason });
    } catch (error) {
      if (error instanceof ServiceRefusal && error.status < 500 && error.status !== 404) {
        return candidatePage(request, reply, error.code, error.status === 403 ? 403 : 422);
      }
      throw error;
    }
    return reply.redirect(`/candidates/${segment(candidateId)}?done=transitionRecorded`, 303);
  });
};
