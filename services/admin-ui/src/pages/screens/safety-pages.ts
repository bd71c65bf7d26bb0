import { principalOf, type ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { field, formOf, type FormBody } from '../forms.ts';
import { safetyHosts } from '../lookups.ts';
import { query, segment, ServiceRefusal } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { CorrectiveAction, Page, SafetyFile, Visit } from '../service-types.ts';
import { today } from '../today.ts';

const SAFETY_STATUSES = ['not_assessed', 'cleared', 'cleared_with_conditions', 'blocked', 'visit_overdue'];
const SEVERITIES = ['minor', 'moderate', 'severe'];
const hostParams = z.object({ hostId: z.uuid() });
const listQuery = z.object({ safetyStatus: z.enum(SAFETY_STATUSES).optional().catch(undefined) });
const accidentQuery = z.object({
  hostId: z.uuid().optional().catch(undefined),
  placementId: z.uuid().optional().catch(undefined),
});

interface SafetyHistoryEntry {
  readonly from: string;
  readonly to: string;
  readonly reasonCode: string;
  readonly visitId: string | null;
  readonly assessedOn: string;
  readonly at: string;
}

/** The accident as safety-visits takes it; the post-accident visit is scheduled by the service. */
const accidentBody = (form: FormBody) => ({
  placementId: field(form, 'placementId'),
  siteId: field(form, 'siteId'),
  occurredOn: field(form, 'occurredOn'),
  description: field(form, 'description'),
  severity: field(form, 'severity'),
  daysLost: Number(field(form, 'daysLost') || '0'),
  declaredToInsurer: field(form, 'declaredToInsurer') === 'on',
});

/** Each host's safety status and history, and the recording of a work accident. */
export const registerSafetyPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/safety/hosts', async (request, reply) => {
    const filters = listQuery.parse(request.query);
    const hosts = await deps
      .api(request)
      .get<Page<SafetyFile>>(
        'safety-visits',
        `/hosts${query({ safetyStatus: filters.safetyStatus, limit: 200 })}`,
      );
    return renderer.page(request, reply, 'safety-hosts', {
      title: renderer.t(request)('safetyHosts.title'),
      statuses: SAFETY_STATUSES,
      filters,
      hosts: hosts.items,
    });
  });

  scope.get('/safety/hosts/:hostId', async (request, reply) => {
    const { hostId } = hostParams.parse(request.params);
    const api = deps.api(request);
    const id = segment(hostId);
    const [host, history, visits, actions] = await Promise.all([
      api.get<SafetyFile>('safety-visits', `/hosts/${id}/safety`),
      api.get<Page<SafetyHistoryEntry>>('safety-visits', `/hosts/${id}/safety-history?limit=200`),
      api.get<Page<Visit>>(
        'safety-visits',
        `/prevention-visits${query({ hostEmployerId: hostId, limit: 200 })}`,
      ),
      api.get<Page<CorrectiveAction>>(
        'safety-visits',
        `/corrective-actions${query({ hostEmployerId: hostId })}`,
      ),
    ]);
    return renderer.page(request, reply, 'safety-host', {
      title: host.name,
      host,
      history: [...history.items].reverse(),
      visits: [...visits.items].sort((a, b) => b.scheduledFor.localeCompare(a.scheduledFor)),
      actions: actions.items,
    });
  });

  const accidentPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    choice: { hostId?: string | undefined; placementId?: string | undefined },
    error: string | null,
  ) => {
    const api = deps.api(request);
    const [hosts, host] = await Promise.all([
      safetyHosts(api),
      choice.hostId ? api.get<SafetyFile>('safety-visits', `/hosts/${segment(choice.hostId)}/safety`) : null,
    ]);
    return renderer.page(
      request,
      reply,
      'accident-new',
      {
        title: renderer.t(request)('accidents.title'),
        hosts,
        host,
        placementId: choice.placementId ?? '',
        severities: SEVERITIES,
        day: today(deps.accounts.clock.now()),
        error,
      },
      error ? 422 : 200,
    );
  };

  scope.get('/accidents/new', (request, reply) =>
    accidentPage(request, reply, accidentQuery.parse(request.query), null),
  );

  scope.post('/accidents', async (request, reply) => {
    const form = formOf(request);
    let accident: { postAccidentVisit: { id: string } };
    try {
      accident = await deps.api(request).send('safety-visits', 'POST', '/work-accidents', accidentBody(form));
    } catch (error) {
      if (!(error instanceof ServiceRefusal) || error.status >= 500) throw error;
      return accidentPage(
        request,
        reply,
        accidentQuery.parse({
          hostId: field(form, 'hostEmployerId'),
          placementId: field(form, 'placementId'),
        }),
        error.code,
      );
    }
    // The safety officer goes on to the post-accident visit; others have no visit screen.
    const visitScreen = principalOf(request).roles.includes('safety_officer');
    return reply.redirect(
      visitScreen
        ? `/visits/${segment(accident.postAccidentVisit.id)}?done=accidentRecorded`
        : '/?done=accidentRecorded',
      303,
    );
  });
};
