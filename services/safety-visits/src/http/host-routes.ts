import { hostSafetyStatus } from '@relais/contracts';
import {
  actorOf,
  type ServiceApp,
  type ServiceContext,
  cursorParam,
  decodeCursor,
  encodeCursor,
  tenantOf,
} from '@relais/service-kit';
import { z } from 'zod';
import { changeSafetyProfile } from '../app/change-safety-profile.ts';
import { getHostSafety, hostSafetyHistory, searchHosts } from '../app/read-hosts.ts';
import type { SafetyHost } from '../domain/model.ts';
import { accidentSeverity, errorResponses, isoDate, pageOf, riskLevel, text } from './schemas.ts';

const tags = ['host safety'];
const hostParams = z.object({ hostId: z.uuid() });
const hostSchema = z.object({
  id: z.uuid(),
  enterpriseNumber: z.string(),
  name: z.string(),
  legalType: z.string(),
  sector: z.string(),
  riskLevel,
  assignedSafetyOfficerId: z.uuid().nullable(),
  safetyStatus: hostSafetyStatus,
  statusReason: z.string(),
  statusSince: isoDate.nullable(),
  nextPeriodicDue: isoDate.nullable(),
});
const hostSafety = hostSchema.extend({
  sites: z.array(z.object({ id: z.uuid(), name: z.string(), address: z.string(), commune: z.string() })),
  accidents: z.array(
    z.object({
      id: z.uuid(),
      placementId: z.uuid(),
      /** The worker, by pseudonymous id: the read is audited against them. */
      personId: z.uuid().nullable(),
      siteId: z.uuid(),
      occurredOn: isoDate,
      severity: accidentSeverity,
      daysLost: z.number().int(),
      declaredToInsurer: z.boolean(),
      postAccidentVisitId: z.uuid(),
    }),
  ),
});
const historyEntry = z.object({
  id: z.uuid(),
  from: hostSafetyStatus,
  to: hostSafetyStatus,
  reasonCode: z.string(),
  visitId: z.uuid().nullable(),
  assessedOn: isoDate,
  at: z.iso.datetime({ offset: true }),
});
const present = ({ tenantId: _t, ...host }: SafetyHost) => host;
const isInstant = (key: string) => z.iso.datetime({ offset: true }).safeParse(key).success;
const limit = z.coerce.number().int().min(1).max(200).default(50);

/** Hosts' safety status, profile and history. */
export const registerHostRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/hosts',
    {
      schema: {
        tags,
        summary: 'Host employers by name with their safety status, filtered by status or sector',
        querystring: z.object({
          limit,
          cursor: cursorParam(() => true),
          safetyStatus: hostSafetyStatus.optional(),
          sector: text(60).optional(),
        }),
        response: { 200: pageOf(hostSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, limit: size, ...filters } = request.query;
      const at = cursor === undefined ? undefined : decodeCursor(cursor, () => true);
      const rows = await searchHosts(context, tenantOf(request), {
        ...filters,
        after: at && { name: at.key, id: at.id },
        limit: size + 1,
      });
      const items = rows.slice(0, size);
      const last = items.at(-1);
      return {
        items: items.map(present),
        nextCursor: rows.length > size && last ? encodeCursor({ key: last.name, id: last.id }) : null,
      };
    },
  );

  app.get(
    '/hosts/:hostId/safety',
    {
      schema: {
        tags,
        summary: "A host's safety file: status and reason, next periodic visit, sites, accidents",
        params: hostParams,
        response: { 200: hostSafety, ...errorResponses },
      },
    },
    async (request) => {
      const file = await getHostSafety(context, tenantOf(request), request.params.hostId);
      return {
        ...present(file.host),
        sites: file.sites.map(({ hostEmployerId: _h, ...s }) => s),
        accidents: file.accidents.map((a) => ({
          id: a.id,
          placementId: a.placementId,
          personId: a.personId,
          siteId: a.siteId,
          occurredOn: a.occurredOn,
          severity: a.severity,
          daysLost: a.daysLost,
          declaredToInsurer: a.declaredToInsurer,
          postAccidentVisitId: a.postAccidentVisitId,
        })),
      };
    },
  );

  app.get(
    '/hosts/:hostId/safety-history',
    {
      schema: {
        tags,
        summary: "Every change of a host's safety status, with its reason, oldest first",
        params: hostParams,
        querystring: z.object({ limit, cursor: cursorParam(isInstant) }),
        response: { 200: pageOf(historyEntry), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, limit: size } = request.query;
      const at = cursor === undefined ? undefined : decodeCursor(cursor, isInstant);
      const rows = await hostSafetyHistory(context, tenantOf(request), request.params.hostId, {
        after: at && { at: at.key, id: at.id },
        limit: size + 1,
      });
      const items = rows.slice(0, size);
      const last = items.at(-1);
      return {
        items,
        nextCursor: rows.length > size && last ? encodeCursor({ key: last.at, id: last.id }) : null,
      };
    },
  );

  app.put(
    '/hosts/:hostId/safety-profile',
    {
      schema: {
        tags,
        summary:
          "Set a host's risk level (it sets the periodic visit interval) and its assigned safety officer",
        params: hostParams,
        body: z.strictObject({ riskLevel, assignedSafetyOfficerId: z.uuid().nullable() }),
        response: { 200: hostSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      const host = await changeSafetyProfile(
        context,
        { tenantId, hostId: request.params.hostId, ...request.body },
        { by: actor, correlationId: request.id, causationId: null },
      );
      return present(host);
    },
  );
};
