import type { ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { field, formOf, optional } from '../forms.ts';
import { candidateNames } from '../lookups.ts';
import { segment, ServiceRefusal } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { CheckIn, Page, Trial } from '../service-types.ts';
import { today } from '../today.ts';

const OUTCOMES = ['conclusive', 'not_conclusive', 'ended_early'];
const REASONS = [
  'tasks_not_matching_skills',
  'host_needs_changed',
  'health',
  'childcare',
  'transport',
  'language_support_needed',
  'working_relations',
  'host_closure',
  'resignation',
  'other',
];
const INITIATORS = ['host', 'worker', 'cpas'];
const trialParams = z.object({ trialId: z.uuid() });

/** The outcome as trial-period takes it: a conclusive trial has no last day nor reason. */
const outcomeBody = (form: ReturnType<typeof formOf>) => {
  const outcome = field(form, 'outcome');
  const officerAnalysis = optional(form, 'officerAnalysis');
  if (outcome === 'conclusive') return { outcome, officerAnalysis };
  return {
    outcome,
    lastWorkedDay: field(form, 'lastWorkedDay'),
    reasonCode: field(form, 'reasonCode'),
    initiatedBy: field(form, 'initiatedBy'),
    officerAnalysis,
  };
};

/** Trial periods: the running ones, one trial with its check-ins, and its outcome. */
export const registerTrialPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/trials', async (request, reply) => {
    const api = deps.api(request);
    const [running, names] = await Promise.all([
      api.get<Page<Trial>>('trial-period', '/trial-periods?status=running&limit=100'),
      candidateNames(api),
    ]);
    return renderer.page(request, reply, 'trials', {
      title: renderer.t(request)('trials.title'),
      trials: [...running.items].sort((a, b) => a.plannedEndDate.localeCompare(b.plannedEndDate)),
      names,
    });
  });

  const trialPage = async (request: FastifyRequest, reply: FastifyReply, error: string | null) => {
    const { trialId } = trialParams.parse(request.params);
    const api = deps.api(request);
    const [trial, checkIns, names] = await Promise.all([
      api.get<Trial>('trial-period', `/trial-periods/${segment(trialId)}`),
      api.attempt<Page<CheckIn>>('trial-period', `/trial-periods/${segment(trialId)}/check-ins`),
      candidateNames(api),
    ]);
    return renderer.page(
      request,
      reply,
      'trial',
      {
        title: renderer.t(request)('trials.heading', { name: names.get(trial.personId) ?? '' }),
        trial,
        checkIns,
        name: names.get(trial.personId) ?? null,
        outcomes: OUTCOMES,
        reasons: REASONS,
        initiators: INITIATORS,
        day: today(deps.accounts.clock.now()),
        error,
      },
      error ? 422 : 200,
    );
  };

  scope.get('/trials/:trialId', (request, reply) => trialPage(request, reply, null));

  scope.post('/trials/:trialId/outcome', async (request, reply) => {
    const { trialId } = trialParams.parse(request.params);
    try {
      await deps
        .api(request)
        .send(
          'trial-period',
          'POST',
          `/trial-periods/${segment(trialId)}/outcome`,
          outcomeBody(formOf(request)),
        );
    } catch (error) {
      if (error instanceof ServiceRefusal && error.status < 500 && error.status !== 404) {
        return trialPage(request, reply, error.code);
      }
      throw error;
    }
    return reply.redirect(`/trials/${segment(trialId)}?done=outcomeRecorded`, 303);
  });
};
