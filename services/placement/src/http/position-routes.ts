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
import { isIsoDate } from '../domain/days.ts';
import { POSITION_STATUSES, type Position } from '../domain/position.ts';
import { closePosition } from '../app/positions/close-position.ts';
import { getPosition } from '../app/positions/get-position.ts';
import { openPosition } from '../app/positions/open-position.ts';
import { searchPositions } from '../app/positions/search-positions.ts';
import {
  errorResponses,
  isoDate,
  languageLevel,
  pageQuery,
  physicalDemand,
  reasonCode,
  skillCode,
  timeOfDay,
  weekday,
} from './schemas.ts';

const schedule = z.strictObject({
  days: z
    .array(weekday)
    .min(1)
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'each day once'),
  from: timeOfDay,
  to: timeOfDay,
});

const opening = z.strictObject({
  hostEmployerId: z.uuid(),
  siteId: z.uuid(),
  title: z.string().trim().min(1).max(120),
  tasks: z.string().trim().min(1).max(4000),
  requiredSkills: z.array(skillCode).max(30),
  desiredSkills: z.array(skillCode).max(30),
  minLanguages: z.array(languageLevel).max(10),
  schedule,
  physicalDemands: z.array(physicalDemand),
  drivingLicenceRequired: z.boolean(),
  criminalRecordAcceptable: z.boolean(),
  openings: z.number().int().min(1).max(100),
  wishedStart: isoDate.nullable().default(null),
  fillDeadline: isoDate.nullable().default(null),
});

const positionView = opening.extend({
  id: z.uuid(),
  filled: z.number().int(),
  status: z.enum(POSITION_STATUSES),
  openedOn: isoDate,
  expiresOn: isoDate,
});

const listQuery = pageQuery.extend({
  cursor: cursorParam(isIsoDate),
  status: z.enum(POSITION_STATUSES).optional(),
  hostEmployerId: z.uuid().optional(),
  fillDeadlineBefore: isoDate.optional(),
  /** Notice before expiry: open positions expiring within this many days (overdue ones included). */
  expiringWithinDays: z.coerce.number().int().min(0).max(366).optional(),
});

const present = ({ tenantId: _tenant, ...position }: Position) => ({
  ...position,
  requiredSkills: [...position.requiredSkills],
  desiredSkills: [...position.desiredSkills],
  minLanguages: [...position.minLanguages],
  schedule: { ...position.schedule, days: [...position.schedule.days] },
  physicalDemands: [...position.physicalDemands],
});

const tags = ['positions'];
const positionParams = z.object({ positionId: z.uuid() });

/** Positions (posts) at host employers: opening, closing, search with notice of expiry. */
export const registerPositionRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/positions',
    {
      schema: {
        tags,
        summary: 'Open a position at an approved host employer whose safety allows new placements',
        body: opening,
        response: { 201: positionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const position = await openPosition(context, { tenantId, ...request.body }, actor);
      return reply.status(201).header('location', `/positions/${position.id}`).send(present(position));
    },
  );

  app.get(
    '/positions',
    {
      schema: {
        tags,
        summary: 'Positions, soonest to expire first, by status, host, fill deadline or notice of expiry',
        querystring: listQuery,
        response: { 200: pageOf(positionView), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, ...query } = request.query;
      const at = cursor === undefined ? undefined : decodeCursor(cursor, isIsoDate);
      const page = await searchPositions(context, tenantOf(request), {
        ...query,
        after: at && { expiresOn: at.key, id: at.id },
      });
      const last = page.items.at(-1);
      return {
        items: page.items.map(present),
        nextCursor: page.hasMore && last ? encodeCursor({ key: last.expiresOn, id: last.id }) : null,
      };
    },
  );

  app.get(
    '/positions/:positionId',
    {
      schema: {
        tags,
        params: positionParams,
        response: { 200: positionView, ...errorResponses },
      },
    },
    async (request) => present(await getPosition(context, tenantOf(request), request.params.positionId)),
  );

  app.post(
    '/positions/:positionId/close',
    {
      schema: {
        tags,
        summary: 'Close an open position (withdrawn by the host, filled another way…)',
        params: positionParams,
        body: z.strictObject({ reason: reasonCode }),
        response: { 200: positionView, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      return present(
        await closePosition(
          context,
          { tenantId, positionId: request.params.positionId, reason: request.body.reason },
          actor,
        ),
      );
    },
  );
};
