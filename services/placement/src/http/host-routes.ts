import { hostSafetyStatus } from '@relais/contracts';
import {
  actorOf,
  type ServiceApp,
  type ServiceContext,
  cursorParam,
  decodeCursor,
  encodeCursor,
  pageOf,
  tenantOf,
} from '@relais/service-kit';
import { z } from 'zod';
import {
  formatEnterpriseNumber,
  LEGAL_TYPES,
  PARTNER_STATUSES,
  type HostEmployer,
  type OfficerPartnerAction,
} from '../domain/host.ts';
import type { HostSummary, PartnerHistoryEntry } from '../db/hosts.ts';
import { addHostSite } from '../app/hosts/add-host-site.ts';
import { changeHostPartnerStatus } from '../app/hosts/change-host-partner-status.ts';
import { getHost } from '../app/hosts/get-host.ts';
import { registerHost } from '../app/hosts/register-host.ts';
import { searchHosts } from '../app/hosts/search-hosts.ts';
import { errorResponses, isoDate, latitude, longitude, pageQuery } from './schemas.ts';

const partnerStatus = z.enum(PARTNER_STATUSES);
const safetyStatus = hostSafetyStatus;
const text = (max: number) => z.string().trim().min(1).max(max);

const siteBody = z.strictObject({
  name: text(120),
  address: text(200),
  commune: text(100),
  lat: latitude,
  lon: longitude,
});
const siteSchema = siteBody.extend({ id: z.uuid() });
const tutorSchema = z.strictObject({
  name: text(120),
  email: z.email().nullable().default(null),
  phone: z
    .string()
    .regex(/^\+?[0-9 ./-]{6,20}$/)
    .nullable()
    .default(null),
});

const registration = z.strictObject({
  /** With or without dots or the BE prefix: 0123.456.749, BE0123456749. */
  enterpriseNumber: z.string().min(1).max(20),
  name: text(200),
  legalType: z.enum(LEGAL_TYPES),
  sector: text(60),
  tutor: tutorSchema,
  sites: z.array(siteBody).min(1).max(50),
});

const hostSummary = z.object({
  id: z.uuid(),
  enterpriseNumber: z.string().regex(/^[01]\d{3}\.\d{3}\.\d{3}$/),
  name: z.string(),
  legalType: z.enum(LEGAL_TYPES),
  sector: z.string(),
  tutor: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
  partnerStatus,
  safetyStatus,
  safetyAssessedOn: isoDate.nullable(),
});
const hostView = hostSummary.extend({ sites: z.array(siteSchema) });
const hostDetail = hostView.extend({
  partnerHistory: z.array(
    z.object({
      from: partnerStatus.nullable(),
      to: partnerStatus,
      reason: z.string(),
      sourceEventId: z.uuid().nullable(),
      actorId: z.uuid().nullable(),
      actorRole: z.string().nullable(),
      at: z.iso.datetime({ offset: true }),
    }),
  ),
});

const anyKey = () => true;
const listQuery = pageQuery.extend({
  cursor: cursorParam(anyKey),
  partnerStatus: partnerStatus.optional(),
  sector: text(60).optional(),
  q: text(100).optional(),
});

const summary = ({ tenantId: _tenant, sites: _sites, ...host }: HostSummary & { sites?: unknown }) => ({
  ...host,
  enterpriseNumber: formatEnterpriseNumber(host.enterpriseNumber),
});
const view = (host: HostEmployer) => ({ ...summary(host), sites: [...host.sites] });
const detail = (host: HostEmployer, history: readonly PartnerHistoryEntry[]) => ({
  ...view(host),
  partnerHistory: [...history],
});

const tags = ['host employers'];
const hostParams = z.object({ hostId: z.uuid() });
const reasonBody = z.strictObject({ reason: text(500) });

const registerPartnerAction = (
  app: ServiceApp,
  context: ServiceContext,
  action: OfficerPartnerAction,
  summaryText: string,
) => {
  app.post(
    `/hosts/:hostId/${action}`,
    {
      schema: {
        tags,
        summary: summaryText,
        params: hostParams,
        body: reasonBody,
        response: { 200: hostView, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      const host = await changeHostPartnerStatus(
        context,
        { tenantId, hostId: request.params.hostId, action, reason: request.body.reason },
        actor,
      );
      return view(host);
    },
  );
};

/** Host employers (utilisateurs): registration, sites, partner status, search. */
export const registerHostRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/hosts',
    {
      schema: {
        tags,
        summary: 'Register a host employer (utilisateur); it waits for its pre-approval prevention visit',
        body: registration,
        response: { 201: hostView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const host = await registerHost(context, { tenantId, ...request.body }, actor, request.id);
      return reply.status(201).header('location', `/hosts/${host.id}`).send(view(host));
    },
  );

  app.get(
    '/hosts',
    {
      schema: {
        tags,
        summary: 'Host employers by name, filtered by partner status, sector or part of the name',
        querystring: listQuery,
        response: { 200: pageOf(hostSummary), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, ...query } = request.query;
      const at = cursor === undefined ? undefined : decodeCursor(cursor, anyKey);
      const page = await searchHosts(context, tenantOf(request), {
        ...query,
        after: at && { name: at.key, id: at.id },
      });
      const last = page.items.at(-1);
      return {
        items: page.items.map(summary),
        nextCursor: page.hasMore && last ? encodeCursor({ key: last.name, id: last.id }) : null,
      };
    },
  );

  app.get(
    '/hosts/:hostId',
    {
      schema: {
        tags,
        summary: 'A host employer with its sites and the history of its partner status',
        params: hostParams,
        response: { 200: hostDetail, ...errorResponses },
      },
    },
    async (request) => {
      const { host, history } = await getHost(context, tenantOf(request), request.params.hostId);
      return detail(host, history);
    },
  );

  app.post(
    '/hosts/:hostId/sites',
    {
      schema: {
        tags,
        summary: 'Add a place of work to a host employer',
        params: hostParams,
        body: siteBody,
        response: { 201: hostView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const host = await addHostSite(
        context,
        { tenantId, hostId: request.params.hostId, site: request.body },
        actor,
        request.id,
      );
      return reply.status(201).send(view(host));
    },
  );

  registerPartnerAction(
    app,
    context,
    'suspend',
    'Suspend new placements at an approved partner, with a reason',
  );
  registerPartnerAction(
    app,
    context,
    'reinstate',
    'Lift an officer’s suspension of a partner (its safety status must allow placements)',
  );
  registerPartnerAction(app, context, 'end', 'End a host partnership, with a reason');
};
