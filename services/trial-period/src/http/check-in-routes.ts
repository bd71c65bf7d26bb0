import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import type { TrialPeriodConfig } from '../config.ts';
import type { CheckInOfPerson } from '../db/check-ins.ts';
import { listCheckIns, searchFlaggedCheckIns } from '../app/find-trial-periods.ts';
import { recordCheckIn } from '../app/record-check-in.ts';
import { issueTutorLink } from '../app/tutor-links.ts';
import {
  checkInBody,
  checkInSchema,
  decodeCursor,
  encodeCursor,
  errorResponses,
  pageQuery,
} from './schemas.ts';

const tags = ['check-ins'];

/** The API view of a check-in: each voice apart, without the tenant or who typed it in. */
const present = ({ tenantId: _tenant, ...c }: CheckInOfPerson) => ({
  ...c,
  voices: c.voices.map(({ voice, ratings, comment, source, givenOn }) => ({
    voice,
    ratings,
    comment,
    source,
    givenOn,
  })),
  difficulties: [...c.difficulties],
  supportActions: [...c.supportActions],
  disagreements: [...c.disagreements],
});
const checkInParams = z.object({ trialPeriodId: z.uuid(), checkInId: z.uuid() });

/** Check-ins of trials: the schedule, the three voices, the tutor's signed links. */
export const registerCheckInRoutes = (app: ServiceApp, context: ServiceContext<TrialPeriodConfig>): void => {
  app.get(
    '/trial-periods/:trialPeriodId/check-ins',
    {
      schema: {
        tags,
        summary: "A trial's check-ins in schedule order, each voice apart",
        params: z.object({ trialPeriodId: z.uuid() }),
        response: { 200: z.object({ items: z.array(checkInSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: (await listCheckIns(context, tenantOf(request), request.params.trialPeriodId)).map(present),
    }),
  );

  app.post(
    '/trial-periods/:trialPeriodId/check-ins/:checkInId',
    {
      schema: {
        tags,
        summary: 'Record a held check-in: the worker, the officer (and the tutor if told to the officer)',
        params: checkInParams,
        body: checkInBody,
        response: { 200: checkInSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      return present(
        await recordCheckIn(context, {
          tenantId,
          trialPeriodId: request.params.trialPeriodId,
          checkInId: request.params.checkInId,
          by: actor,
          command: request.body,
          correlationId: request.id,
        }),
      );
    },
  );

  app.post(
    '/trial-periods/:trialPeriodId/check-ins/:checkInId/tutor-links',
    {
      schema: {
        tags,
        summary: "Issue a signed, expiring, single-use link for the host tutor's view (replaces unused ones)",
        params: checkInParams,
        response: {
          201: z.object({
            linkId: z.uuid(),
            token: z.string(),
            expiresAt: z.iso.datetime(),
            personId: z.uuid(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const link = await issueTutorLink(context, {
        tenantId,
        trialPeriodId: request.params.trialPeriodId,
        checkInId: request.params.checkInId,
        by: actor,
      });
      return reply.status(201).send(link);
    },
  );

  app.get(
    '/check-ins',
    {
      schema: {
        tags,
        summary: "Check-ins flagged for the officer's attention: the voices strongly disagree on an item",
        querystring: pageQuery.extend({ flagged: z.literal('true') }),
        response: {
          200: z.object({ items: z.array(checkInSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const page = await searchFlaggedCheckIns(context, tenantOf(request), {
        limit: request.query.limit,
        after: decodeCursor(request.query.cursor),
      });
      return { items: page.items.map(present), nextCursor: encodeCursor(page.nextAfter) };
    },
  );
};
