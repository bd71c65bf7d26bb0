import { principalOf, type ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { field, formOf, optional, type FormBody } from '../forms.ts';
import { safetyHosts } from '../lookups.ts';
import { query, segment, ServiceRefusal } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import { localeOfRequest } from '../render.ts';
import type { Checklist, Page, SafetyFile, Visit, VisitDetail } from '../service-types.ts';
import { addDays, today } from '../today.ts';

const KINDS = ['pre_approval', 'periodic', 'post_accident', 'on_request'];
const RESULTS = ['compliant', 'not_compliant', 'not_applicable'];
const SEVERITIES = ['minor', 'major', 'critical'];
/** Blank finding rows on the report form (a visit with more adds them after, on its page). */
const FINDING_ROWS = 3;
/** The calendar shows four weeks at a time. */
const WINDOW_DAYS = 28;
const visitParams = z.object({ visitId: z.uuid() });
const calendarQuery = z.object({
  from: z.iso.date().optional().catch(undefined),
  mine: z.enum(['true']).optional().catch(undefined),
});
const newQuery = z.object({ hostId: z.uuid().optional().catch(undefined) });
const backTo = z.object({ visitId: z.uuid() });

const refusedByService = (error: unknown): error is ServiceRefusal =>
  error instanceof ServiceRefusal && error.status < 500 && error.status !== 404;

/** The report as safety-visits takes it: every checklist item answered, findings typed in. */
const reportBody = (form: FormBody, checklist: Checklist) => ({
  completedOn: field(form, 'completedOn'),
  templateId: checklist.id,
  checklist: checklist.items.map((item) => ({
    code: item.code,
    result: field(form, `result_${item.code}`),
    note: optional(form, `note_${item.code}`),
  })),
  findings: Array.from({ length: FINDING_ROWS }, (_, i) => i)
    .filter((i) => field(form, `finding_${String(i)}_description`) !== '')
    .map((i) => ({
      itemCode: optional(form, `finding_${String(i)}_item`),
      severity: field(form, `finding_${String(i)}_severity`),
      description: field(form, `finding_${String(i)}_description`),
    })),
  summary: optional(form, 'summary'),
});

/** The safety officer's visit calendar, scheduling, the visit form with its checklist, findings and actions. */
export const registerVisitPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/visits', async (request, reply) => {
    const filters = calendarQuery.parse(request.query);
    const day = today(deps.accounts.clock.now());
    const from = filters.from ?? addDays(day, -7);
    const to = addDays(from, WINDOW_DAYS - 1);
    const api = deps.api(request);
    const mine = filters.mine === 'true' ? principalOf(request).userId : undefined;
    const [visits, overdue, hosts] = await Promise.all([
      api.get<Page<Visit>>(
        'safety-visits',
        `/prevention-visits${query({ from, to, safetyOfficerId: mine, limit: 200 })}`,
      ),
      api.get<Page<Visit>>('safety-visits', '/prevention-visits?overdue=true&status=scheduled&limit=200'),
      safetyHosts(api),
    ]);
    const days = new Map<string, Visit[]>();
    for (const visit of visits.items)
      days.set(visit.scheduledFor, [...(days.get(visit.scheduledFor) ?? []), visit]);
    return renderer.page(request, reply, 'visits', {
      title: renderer.t(request)('visits.title'),
      day,
      from,
      to,
      mine: filters.mine === 'true',
      days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)),
      overdue: overdue.items,
      hosts: new Map(hosts.map((h) => [h.id, h.name])),
      previous: query({ from: addDays(from, -WINDOW_DAYS), mine: filters.mine }),
      next: query({ from: addDays(from, WINDOW_DAYS), mine: filters.mine }),
    });
  });

  const newVisitPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    hostId: string | undefined,
    error: string | null,
  ) => {
    const api = deps.api(request);
    const [hosts, host] = await Promise.all([
      safetyHosts(api),
      hostId ? api.get<SafetyFile>('safety-visits', `/hosts/${segment(hostId)}/safety`) : null,
    ]);
    return renderer.page(
      request,
      reply,
      'visit-new',
      {
        title: renderer.t(request)('visits.newTitle'),
        hosts,
        host,
        kinds: KINDS,
        day: today(deps.accounts.clock.now()),
        error,
      },
      error ? 422 : 200,
    );
  };

  scope.get('/visits/new', (request, reply) =>
    newVisitPage(request, reply, newQuery.parse(request.query).hostId, null),
  );

  scope.post('/visits', async (request, reply) => {
    const form = formOf(request);
    try {
      const visit = await deps.api(request).send<Visit>('safety-visits', 'POST', '/prevention-visits', {
        hostEmployerId: field(form, 'hostEmployerId'),
        siteId: field(form, 'siteId'),
        kind: field(form, 'kind'),
        scheduledFor: field(form, 'scheduledFor'),
        safetyOfficerId: principalOf(request).userId,
      });
      return await reply.redirect(`/visits/${segment(visit.id)}?done=visitScheduled`, 303);
    } catch (error) {
      if (!refusedByService(error)) throw error;
      const hostId = z.uuid().safeParse(field(form, 'hostEmployerId'));
      return newVisitPage(request, reply, hostId.success ? hostId.data : undefined, error.code);
    }
  });

  const visitPage = async (request: FastifyRequest, reply: FastifyReply, error: string | null) => {
    const { visitId } = visitParams.parse(request.params);
    const api = deps.api(request);
    const visit = await api.get<VisitDetail>('safety-visits', `/prevention-visits/${segment(visitId)}`);
    const [host, checklist] = await Promise.all([
      api.get<SafetyFile>('safety-visits', `/hosts/${segment(visit.hostEmployerId)}/safety`),
      api.get<Checklist>('safety-visits', '/checklist-templates/current'),
    ]);
    return renderer.page(
      request,
      reply,
      'visit',
      {
        title: renderer.t(request)('visits.heading', { host: host.name }),
        visit,
        host,
        site: host.sites.find((s) => s.id === visit.siteId) ?? null,
        checklist,
        labels: new Map(
          checklist.items.map((i) => [i.code, localeOfRequest(request) === 'nl-BE' ? i.labelNl : i.labelFr]),
        ),
        results: RESULTS,
        severities: SEVERITIES,
        findingRows: Array.from({ length: FINDING_ROWS }, (_, i) => i),
        day: today(deps.accounts.clock.now()),
        error,
      },
      error ? 422 : 200,
    );
  };

  scope.get('/visits/:visitId', (request, reply) => visitPage(request, reply, null));

  scope.post('/visits/:visitId/report', async (request, reply) => {
    const { visitId } = visitParams.parse(request.params);
    const api = deps.api(request);
    const checklist = await api.get<Checklist>('safety-visits', '/checklist-templates/current');
    try {
      await api.send(
        'safety-visits',
        'POST',
        `/prevention-visits/${segment(visitId)}/report`,
        reportBody(formOf(request), checklist),
      );
    } catch (error) {
      if (!refusedByService(error)) throw error;
      return visitPage(request, reply, error.code);
    }
    return reply.redirect(`/visits/${segment(visitId)}?done=reportRecorded`, 303);
  });

  scope.post('/findings/:findingId/actions', async (request, reply) => {
    const { findingId } = z.object({ findingId: z.uuid() }).parse(request.params);
    const form = formOf(request);
    const { visitId } = backTo.parse({ visitId: field(form, 'visitId') });
    try {
      await deps.api(request).send('safety-visits', 'POST', `/findings/${segment(findingId)}/actions`, {
        description: field(form, 'description'),
        owner: field(form, 'owner'),
        deadline: field(form, 'deadline'),
      });
    } catch (error) {
      if (!refusedByService(error)) throw error;
      request.params = { visitId };
      return visitPage(request, reply, error.code);
    }
    return reply.redirect(`/visits/${segment(visitId)}?done=actionOpened`, 303);
  });

  scope.post('/corrective-actions/:actionId/close', async (request, reply) => {
    const { actionId } = z.object({ actionId: z.uuid() }).parse(request.params);
    const form = formOf(request);
    const { visitId } = backTo.parse({ visitId: field(form, 'visitId') });
    try {
      await deps
        .api(request)
        .send('safety-visits', 'POST', `/corrective-actions/${segment(actionId)}/close`, {
          evidence: field(form, 'evidence'),
        });
    } catch (error) {
      if (!refusedByService(error)) throw error;
      request.params = { visitId };
      return visitPage(request, reply, error.code);
    }
    return reply.redirect(`/visits/${segment(visitId)}?done=actionClosed`, 303);
  });
};
