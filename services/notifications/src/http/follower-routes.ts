import { principalOf, tenantOf, type ServiceApp } from '@relais/service-kit';
import { z } from 'zod';
import { followPerson, getFollowers, unfollowPerson } from '../app/followers.ts';
import type { NotificationsContext } from '../app/notice-context.ts';
import { emptyBody, errors, followerSchema, personParams } from './schemas.ts';

const tags = ['followers'];

/** Who follows a person: their notifications are addressed to them besides the team queue. */
export const registerFollowerRoutes = (app: ServiceApp, context: NotificationsContext): void => {
  app.get(
    '/persons/:personId/followers',
    {
      schema: {
        tags,
        params: personParams,
        response: { 200: z.object({ items: z.array(followerSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await getFollowers(context, tenantOf(request), request.params.personId) }),
  );

  app.post(
    '/persons/:personId/followers',
    {
      schema: {
        tags,
        summary: 'Follow this person (myself)',
        params: personParams,
        body: emptyBody,
        response: { 200: followerSchema, 201: followerSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { follower, created } = await followPerson(
        context,
        principalOf(request),
        request.params.personId,
      );
      return reply.status(created ? 201 : 200).send(follower);
    },
  );

  app.delete(
    '/persons/:personId/followers/me',
    {
      schema: {
        tags,
        summary: 'Stop following this person',
        params: personParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await unfollowPerson(context, principalOf(request), request.params.personId);
      return reply.status(204).send(null);
    },
  );
};
