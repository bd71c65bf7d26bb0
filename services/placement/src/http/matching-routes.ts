import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { MATCH_FILTERS } from '../domain/model.ts';
import { REJECTION_REASONS, type Shortlist } from '../domain/shortlist.ts';
import { getShortlist, recordHostChoice } from '../app/matching/host-choice.ts';
import { matchesForCandidate, matchesForPosition } from '../app/matching/matches.ts';
import { presentCandidates } from '../app/matching/present-candidates.ts';
import { errorResponses } from './schemas.ts';

/** One explained match: every filter's verdict and each factor's contribution. */
export const matchResultSchema = z.object({
  candidateId: z.uuid(),
  positionId: z.uuid(),
  eligible: z.boolean(),
  score: z.number(),
  filters: z.array(z.object({ filter: z.enum(MATCH_FILTERS), passed: z.boolean(), detail: z.string() })),
  factors: z.array(
    z.object({
      factor: z.enum(['skills', 'wishes', 'distance', 'waiting']),
      value: z.number(),
      weight: z.number(),
      contribution: z.number(),
      detail: z.string(),
    }),
  ),
});

const rankingSchema = z.object({
  ranked: z.array(matchResultSchema),
  excluded: z.array(matchResultSchema),
  excludedCountByFilter: z.record(z.enum(MATCH_FILTERS), z.number().int()),
});

const rankingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  includeExcluded: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

const shortlistSchema = z.object({
  id: z.uuid(),
  positionId: z.uuid(),
  mode: z.enum(['single', 'shortlist']),
  status: z.enum(['presented', 'chosen', 'cancelled']),
  entries: z.array(
    z.object({
      candidateId: z.uuid(),
      rank: z.number().int(),
      score: z.number(),
      outcome: z.enum(['pending', 'chosen', 'not_chosen']),
      rejectionReason: z.enum(REJECTION_REASONS).nullable(),
      explanation: matchResultSchema,
    }),
  ),
});

const presentShortlist = ({ tenantId: _t, createdBy: _c, ...s }: Shortlist) => ({
  ...s,
  entries: s.entries.map((e) => ({
    ...e,
    explanation: {
      ...e.explanation,
      filters: [...e.explanation.filters],
      factors: [...e.explanation.factors],
    },
  })),
});

const copyRanking = (r: Awaited<ReturnType<typeof matchesForPosition>>) => ({
  ranked: r.ranked.map((m) => ({ ...m, filters: [...m.filters], factors: [...m.factors] })),
  excluded: r.excluded.map((m) => ({ ...m, filters: [...m.filters], factors: [...m.factors] })),
  excludedCountByFilter: { ...r.excludedCountByFilter },
});

const tags = ['matching'];

/** Matching, shortlists and the host's choice. */
export const registerMatchingRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/positions/:positionId/matches',
    {
      schema: {
        tags,
        summary:
          'Rank the candidates for a position, each result explained; optionally the excluded with their filters',
        params: z.object({ positionId: z.uuid() }),
        querystring: rankingQuery,
        response: { 200: rankingSchema, ...errorResponses },
      },
    },
    async (request) =>
      copyRanking(
        await matchesForPosition(context, tenantOf(request), request.params.positionId, request.query),
      ),
  );

  app.get(
    '/candidates/:candidateId/matches',
    {
      schema: {
        tags,
        summary: 'The positions that fit a candidate, best first',
        params: z.object({ candidateId: z.uuid() }),
        querystring: rankingQuery,
        response: { 200: rankingSchema, ...errorResponses },
      },
    },
    async (request) =>
      copyRanking(
        await matchesForCandidate(context, tenantOf(request), request.params.candidateId, request.query),
      ),
  );

  app.post(
    '/positions/:positionId/shortlists',
    {
      schema: {
        tags,
        summary:
          'Present one candidate or a shortlist to the host (the best ranked unless candidates are named)',
        params: z.object({ positionId: z.uuid() }),
        body: z.strictObject({
          mode: z.enum(['single', 'shortlist']),
          candidateIds: z.array(z.uuid()).min(1).max(50).optional(),
        }),
        response: { 201: shortlistSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const shortlist = await presentCandidates(
        context,
        {
          tenantId,
          positionId: request.params.positionId,
          mode: request.body.mode,
          ...(request.body.candidateIds ? { candidateIds: request.body.candidateIds } : {}),
        },
        actor,
      );
      return reply
        .status(201)
        .header('location', `/shortlists/${shortlist.id}`)
        .send(presentShortlist(shortlist));
    },
  );

  app.get(
    '/shortlists/:shortlistId',
    {
      schema: {
        tags,
        params: z.object({ shortlistId: z.uuid() }),
        response: { 200: shortlistSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentShortlist(await getShortlist(context, tenantOf(request), request.params.shortlistId)),
  );

  app.post(
    '/shortlists/:shortlistId/choice',
    {
      schema: {
        tags,
        summary: "Record the host's choice, with a reason for each candidate not chosen",
        params: z.object({ shortlistId: z.uuid() }),
        body: z.strictObject({
          chosenCandidateId: z.uuid(),
          others: z
            .array(z.strictObject({ candidateId: z.uuid(), reason: z.enum(REJECTION_REASONS) }))
            .max(50),
        }),
        response: { 200: shortlistSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      const input = {
        tenantId,
        shortlistId: request.params.shortlistId,
        ...request.body,
        correlationId: request.id,
      };
      return presentShortlist(await recordHostChoice(context, input, actor));
    },
  );
};
