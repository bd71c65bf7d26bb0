import type { ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalidFields } from '../field-errors.ts';
import { field, fields, formOf, optional, type FormBody } from '../forms.ts';
import { candidateNames, hostNames } from '../lookups.ts';
import { query, segment, ServiceRefusal } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { Host, Matches, Page, Position } from '../service-types.ts';

const POSITION_STATUSES = ['open', 'filled', 'expired', 'closed'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DEMANDS = [
  'heavy_lifting',
  'prolonged_standing',
  'night_work',
  'work_at_height',
  'outdoor_work',
  'repetitive_movements',
  'chemical_exposure',
  'driving',
];
/** The languages a post may ask for at a CEFR level (story 8: no standard test of the level a post needs). */
const LANGUAGES = ['fr', 'nl', 'de', 'en'];
const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
const positionParams = z.object({ positionId: z.uuid() });
const listQuery = z.object({ status: z.enum(POSITION_STATUSES).optional().catch(undefined) });
const newQuery = z.object({ hostId: z.uuid().optional().catch(undefined) });
/** A refusal code passed back after presenting candidates failed (a code, never free text). */
const refusedQuery = z.object({
  refused: z
    .string()
    .regex(/^[A-Z0-9_]{2,60}$/)
    .optional()
    .catch(undefined),
});

const POSITION_FIELDS = {
  hostEmployerId: 'hostEmployerId',
  siteId: 'siteId',
  title: 'title',
  tasks: 'tasks',
  'schedule.days': 'days',
  'schedule.from': 'from',
  'schedule.to': 'to',
  openings: 'openings',
  fillDeadline: 'fillDeadline',
  minLanguages: 'languages',
};

/** The form as placement's `POST /positions` takes it. */
const positionBody = (form: FormBody) => ({
  hostEmployerId: field(form, 'hostEmployerId'),
  siteId: field(form, 'siteId'),
  title: field(form, 'title'),
  tasks: field(form, 'tasks'),
  requiredSkills: fields(form, 'requiredSkills'),
  desiredSkills: fields(form, 'desiredSkills'),
  minLanguages: LANGUAGES.filter((code) => LEVELS.includes(field(form, `level_${code}`))).map((code) => ({
    code,
    level: field(form, `level_${code}`),
  })),
  schedule: { days: fields(form, 'days'), from: field(form, 'from'), to: field(form, 'to') },
  physicalDemands: fields(form, 'physicalDemands'),
  drivingLicenceRequired: field(form, 'drivingLicenceRequired') === 'on',
  criminalRecordAcceptable: field(form, 'criminalRecordAcceptable') === 'on',
  openings: Number(field(form, 'openings') || '1'),
  fillDeadline: optional(form, 'fillDeadline'),
});

/** Posts at host employers: the list, opening one, and its matching with every factor explained. */
export const registerPositionPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/positions', async (request, reply) => {
    const filters = listQuery.parse(request.query);
    const api = deps.api(request);
    const [list, hosts] = await Promise.all([
      api.get<Page<Position>>('placement', `/positions${query({ status: filters.status, limit: 200 })}`),
      hostNames(api),
    ]);
    return renderer.page(request, reply, 'positions', {
      title: renderer.t(request)('positions.title'),
      statuses: POSITION_STATUSES,
      filters,
      positions: list.items,
      hosts,
    });
  });

  const newPositionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    hostId: string | undefined,
    values: FormBody,
    error: ServiceRefusal | null,
  ) => {
    const api = deps.api(request);
    const [hosts, skills, host] = await Promise.all([
      api.get<Page<Host>>('placement', '/hosts?partnerStatus=approved&limit=200'),
      api.get<Page<{ code: string; labelFr: string; labelNl: string }>>('placement', '/skills'),
      hostId ? api.get<Host>('placement', `/hosts/${segment(hostId)}`) : null,
    ]);
    return renderer.page(
      request,
      reply,
      'position-new',
      {
        title: renderer.t(request)('positions.newTitle'),
        hosts: hosts.items,
        host,
        skills: skills.items,
        days: DAYS,
        demands: DEMANDS,
        languages: LANGUAGES,
        levels: LEVELS,
        values,
        error: error?.code ?? null,
        invalid: invalidFields(error, POSITION_FIELDS),
      },
      error ? 422 : 200,
    );
  };

  scope.get('/positions/new', (request, reply) =>
    newPositionPage(request, reply, newQuery.parse(request.query).hostId, {}, null),
  );

  scope.post('/positions', async (request, reply) => {
    const form = formOf(request);
    try {
      const position = await deps
        .api(request)
        .send<Position>('placement', 'POST', '/positions', positionBody(form));
      return await reply.redirect(`/positions/${segment(position.id)}?done=positionOpened`, 303);
    } catch (error) {
      if (error instanceof ServiceRefusal && error.status < 500 && error.status !== 404) {
        const hostId = z.uuid().safeParse(field(form, 'hostEmployerId'));
        return newPositionPage(request, reply, hostId.success ? hostId.data : undefined, form, error);
      }
      throw error;
    }
  });

  scope.get('/positions/:positionId', async (request, reply) => {
    const { positionId } = positionParams.parse(request.params);
    const api = deps.api(request);
    const position = await api.get<Position>('placement', `/positions/${segment(positionId)}`);
    const [host, matches, names] = await Promise.all([
      api.get<Host>('placement', `/hosts/${segment(position.hostEmployerId)}`),
      position.status === 'open'
        ? api.attempt<Matches>(
            'placement',
            `/positions/${segment(positionId)}/matches?includeExcluded=true&limit=20`,
          )
        : null,
      candidateNames(api),
    ]);
    return renderer.page(request, reply, 'position', {
      title: position.title,
      position,
      host,
      site: host.sites?.find((s) => s.id === position.siteId) ?? null,
      matches,
      names,
      error: refusedQuery.parse(request.query).refused ?? null,
    });
  });
};
