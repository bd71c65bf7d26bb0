import type { ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalidFields } from '../field-errors.ts';
import { field, formOf, optional, type FormBody } from '../forms.ts';
import {
  byUrgency,
  EARLY_RECORDING_DAYS,
  OUTCOME_FIELDS,
  withRecording,
  type OutcomeCheck,
  type OutcomeForm,
} from '../outcome-checks.ts';
import { query, segment, ServiceRefusal, type PageApi } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { CandidateSummary, Page } from '../service-types.ts';
import { today } from '../today.ts';
import { personPage } from './person-pages.ts';

const listQuery = z.object({ standing: z.enum(['scheduled', 'due', 'overdue']).optional().catch(undefined) });
const checkParams = z.object({ personId: z.uuid(), checkId: z.uuid() });

/** The situation as income-continuity takes it: coded only, an empty detail is none. */
const situationBody = (form: FormBody) => ({
  situation: field(form, 'situation'),
  detailCode: optional(form, 'detailCode'),
  observedOn: field(form, 'observedOn'),
});

/** Names of the people on the list; without them (a role placement refuses) the list still shows. */
const namesOf = async (api: PageApi): Promise<ReadonlyMap<string, string>> => {
  const answer = await api.attempt<Page<CandidateSummary>>('placement', '/candidates?limit=200');
  return new Map(
    answer.ok ? answer.value.items.map((c) => [c.id, `${c.firstName} ${c.lastName}`] as const) : [],
  );
};

/**
 * Follow-up after the placement (issue 11, seed 004 §4.5: "no visibility of trajectories"): the
 * CPAS's checks due and overdue, and the forms of the person page that record the person's
 * situation at a check or correct it. The person page shows each check with its history.
 */
export const registerOutcomePages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/outcome-checks', async (request, reply) => {
    const filters = listQuery.parse(request.query);
    const api = deps.api(request);
    const [list, names] = await Promise.all([
      api.get<{ items: OutcomeCheck[] }>('income-continuity', `/outcome-checks${query(filters)}`),
      namesOf(api),
    ]);
    return renderer.page(request, reply, 'outcome-checks', {
      title: renderer.t(request)('outcomes.title'),
      filters,
      checks: withRecording(byUrgency(list.items), today(deps.accounts.clock.now())),
      earlyDays: EARLY_RECORDING_DAYS,
      names,
    });
  });

  /** Sends a check's form; a refusal the person can fix shows the person page with the form as typed. */
  const submit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: OutcomeForm['kind'],
    body: (form: FormBody) => Record<string, unknown>,
  ) => {
    const { personId, checkId } = checkParams.parse(request.params);
    const form = formOf(request);
    const path = kind === 'record' ? 'outcome' : 'outcome-corrections';
    try {
      await deps
        .api(request)
        .send('income-continuity', 'POST', `/outcome-checks/${segment(checkId)}/${path}`, body(form));
    } catch (error) {
      if (error instanceof ServiceRefusal && error.status < 500 && error.status !== 404) {
        const invalid = invalidFields(error, OUTCOME_FIELDS);
        return personPage(deps, request, reply, { checkId, kind, values: form, error: error.code, invalid });
      }
      throw error;
    }
    const done = kind === 'record' ? 'situationRecorded' : 'situationCorrected';
    return reply.redirect(`/persons/${segment(personId)}?done=${done}#outcome-checks`, 303);
  };

  scope.post('/persons/:personId/outcome-checks/:checkId/outcome', (request, reply) =>
    submit(request, reply, 'record', situationBody),
  );

  scope.post('/persons/:personId/outcome-checks/:checkId/outcome-corrections', (request, reply) =>
    submit(request, reply, 'correct', (form) => ({
      ...situationBody(form),
      correctionReason: field(form, 'correctionReason'),
    })),
  );
};
