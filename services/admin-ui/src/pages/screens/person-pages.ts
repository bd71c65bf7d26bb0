import { principalOf, type ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseOnDateLink } from '../case-on-date.ts';
import { outcomeSection, personOutcomeChecks, type OutcomeForm } from '../outcome-checks.ts';
import { query, segment, type PageApi } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import { personStory, type PersonDecision } from '../person-story.ts';
import type {
  Candidate,
  CandidateSummary,
  Coverage,
  FollowUp,
  Page,
  Placement,
  StatusChange,
  TimelineEntry,
  Trial,
} from '../service-types.ts';
import { today } from '../today.ts';

const personParams = z.object({ personId: z.uuid() });
const listQuery = z.object({ q: z.string().trim().max(100).optional().catch(undefined) });

/** A list the role may not read, or a service that did not answer, is an empty part of the story. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the list's items
const items = async <T>(api: PageApi, service: string, path: string) => {
  const answer = await api.attempt<Page<T>>(service, path);
  return { items: answer.ok ? answer.value.items : [], ok: answer.ok };
};

/**
 * The social worker's people and one person's single timeline across the services: placement,
 * trial period, income coverage with any uncovered day highlighted, follow-up and the
 * committee's decisions. Each part is read in the user's name; a part the role may not read or a
 * service that does not answer leaves that part out and says so, the rest still shows.
 */
export const registerPersonPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/persons', async (request, reply) => {
    const filters = listQuery.parse(request.query);
    const list = await deps
      .api(request)
      .get<Page<CandidateSummary>>('placement', `/candidates${query({ q: filters.q, limit: 200 })}`);
    return renderer.page(request, reply, 'persons', {
      title: renderer.t(request)('persons.title'),
      filters,
      persons: list.items,
    });
  });

  scope.get('/persons/:personId', (request, reply) => personPage(deps, request, reply, null));
};

/**
 * One person's page; `outcomeForm` is an outcome check's form the service sent back (its values
 * and the fields it named), shown in place of that check's empty form.
 */
export const personPage = async (
  deps: PageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  outcomeForm: OutcomeForm | null,
) => {
  const { renderer } = deps;
  const { personId } = personParams.parse(request.params);
  const api = deps.api(request);
  const id = segment(personId);
  const { roles } = principalOf(request);
  const officer = roles.includes('placement_officer');
  const day = today(deps.accounts.clock.now());
  const [candidate, coverage, timeline, history, trials, followUps, placements, decisions, outcomes] =
    await Promise.all([
      api.attempt<Candidate>('placement', `/candidates/${id}`),
      api.attempt<Coverage>('income-continuity', `/persons/${id}/income-coverage`),
      api.attempt<{ entries: TimelineEntry[] }>('income-continuity', `/persons/${id}/timeline`),
      items<StatusChange>(api, 'placement', `/candidates/${id}/history`),
      items<Trial>(api, 'trial-period', `/trial-periods${query({ personId, limit: 100 })}`),
      items<FollowUp>(api, 'income-continuity', `/persons/${id}/follow-ups`),
      officer
        ? items<Placement>(api, 'placement', `/placements${query({ personId })}`)
        : { items: [], ok: true },
      deps.reaches('committee')
        ? items<PersonDecision>(api, 'committee', `/decisions${query({ personId })}`)
        : { items: [], ok: true },
      personOutcomeChecks(api, personId),
    ]);
  const story = personStory({
    candidate: candidate.ok ? candidate.value : null,
    history: history.items,
    placements: placements.items,
    trials: trials.items,
    timeline: timeline.ok ? timeline.value.entries : [],
    followUps: followUps.items,
    coverage: coverage.ok ? coverage.value : null,
    decisions: decisions.items,
  });
  const name = candidate.ok ? `${candidate.value.firstName} ${candidate.value.lastName}` : null;
  return renderer.page(
    request,
    reply,
    'person',
    {
      title: name ?? renderer.t(request)('persons.unnamed'),
      personId,
      name,
      candidate: candidate.ok ? candidate.value : null,
      coverage: coverage.ok ? coverage.value : null,
      periods: coverage.ok
        ? [...coverage.value.periods].sort((a, b) => a.startDate.localeCompare(b.startDate))
        : [],
      story,
      placements: placements.items,
      outcomes: outcomeSection(outcomes, outcomeForm, day),
      caseHref: caseOnDateLink(roles, deps.reaches, personId, day),
      missing: [
        ...(candidate.ok && history.ok ? [] : ['placement']),
        ...(trials.ok ? [] : ['trial']),
        ...(coverage.ok && timeline.ok && followUps.ok ? [] : ['income']),
        ...(placements.ok ? [] : ['placements']),
        ...(decisions.ok ? [] : ['committee']),
      ],
    },
    outcomeForm ? 422 : 200,
  );
};
