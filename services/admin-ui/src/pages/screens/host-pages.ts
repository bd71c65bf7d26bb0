import type { ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalidFields } from '../field-errors.ts';
import { field, formOf, optional, type FormBody } from '../forms.ts';
import { query, segment, ServiceRefusal } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import type { Host, Page, Position } from '../service-types.ts';

const PARTNER_STATUSES = ['pending_safety_visit', 'awaiting_committee', 'approved', 'suspended', 'ended'];
const LEGAL_TYPES = ['municipality', 'asbl', 'public_body', 'social_economy', 'partner_company'];
const hostParams = z.object({ hostId: z.uuid() });
const listQuery = z.object({
  partnerStatus: z.enum(PARTNER_STATUSES).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
});

/** Where placement's field paths are on the registration form. */
const HOST_FIELDS = {
  enterpriseNumber: 'enterpriseNumber',
  name: 'name',
  legalType: 'legalType',
  sector: 'sector',
  'tutor.name': 'tutorName',
  'tutor.email': 'tutorEmail',
  'tutor.phone': 'tutorPhone',
  'sites.0.name': 'siteName',
  'sites.0.address': 'siteAddress',
  'sites.0.commune': 'siteCommune',
  'sites.0.lat': 'siteLat',
  'sites.0.lon': 'siteLon',
};

/** A decimal as typed in Belgium (`50,85` or `50.85`), or NaN. */
const decimal = (text: string): number => (text === '' ? Number.NaN : Number(text.replace(',', '.')));

/** The registration form as placement's `POST /hosts` takes it (one site; more are added on the host). */
const hostBody = (form: FormBody) => ({
  enterpriseNumber: field(form, 'enterpriseNumber').replace(/[\s.]/g, ''),
  name: field(form, 'name'),
  legalType: field(form, 'legalType'),
  sector: field(form, 'sector'),
  tutor: {
    name: field(form, 'tutorName'),
    email: optional(form, 'tutorEmail'),
    phone: optional(form, 'tutorPhone'),
  },
  sites: [
    {
      name: field(form, 'siteName'),
      address: field(form, 'siteAddress'),
      commune: field(form, 'siteCommune'),
      lat: decimal(field(form, 'siteLat')),
      lon: decimal(field(form, 'siteLon')),
    },
  ],
});

/** The placement officer's host employers (utilisateurs): list, registration and one host's file. */
export const registerHostPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/hosts', async (request, reply) => {
    const filters = listQuery.parse(request.query);
    const list = await deps
      .api(request)
      .get<Page<Host>>('placement', `/hosts${query({ ...filters, limit: 200 })}`);
    return renderer.page(request, reply, 'hosts', {
      title: renderer.t(request)('hosts.title'),
      statuses: PARTNER_STATUSES,
      filters,
      hosts: list.items,
    });
  });

  const newHostPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormBody,
    error: ServiceRefusal | null,
  ) =>
    renderer.page(
      request,
      reply,
      'host-new',
      {
        title: renderer.t(request)('hosts.newTitle'),
        legalTypes: LEGAL_TYPES,
        values,
        error: error?.code ?? null,
        invalid: invalidFields(error, HOST_FIELDS),
      },
      error ? 422 : 200,
    );

  scope.get('/hosts/new', (request, reply) => newHostPage(request, reply, {}, null));

  scope.post('/hosts', async (request, reply) => {
    const form = formOf(request);
    try {
      const host = await deps.api(request).send<Host>('placement', 'POST', '/hosts', hostBody(form));
      return await reply.redirect(`/hosts/${segment(host.id)}?done=hostRegistered`, 303);
    } catch (error) {
      if (error instanceof ServiceRefusal && error.status < 500 && error.status !== 404) {
        return newHostPage(request, reply, form, error);
      }
      throw error;
    }
  });

  scope.get('/hosts/:hostId', async (request, reply) => {
    const { hostId } = hostParams.parse(request.params);
    const api = deps.api(request);
    const [host, positions] = await Promise.all([
      api.get<Host>('placement', `/hosts/${segment(hostId)}`),
      api.attempt<Page<Position>>('placement', `/positions${query({ hostEmployerId: hostId, limit: 200 })}`),
    ]);
    return renderer.page(request, reply, 'host', {
      title: host.name,
      host,
      history: [...(host.partnerHistory ?? [])].reverse(),
      positions,
    });
  });
};
