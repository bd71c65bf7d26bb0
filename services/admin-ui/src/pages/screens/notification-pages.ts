import { principalOf, type ServiceApp } from '@relais/service-kit';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { field, formOf } from '../forms.ts';
import { pageLinkOf } from '../notification-links.ts';
import { query, segment } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import { localeOfRequest } from '../render.ts';

const notificationParams = z.object({ notificationId: z.uuid() });
const inboxQuery = z.object({
  scope: z.enum(['all', 'mine', 'team']).catch('all'),
  unread: z.enum(['true']).optional().catch(undefined),
});

interface Notification {
  readonly id: string;
  readonly kind: string;
  readonly role: string;
  readonly title: string;
  readonly body: string;
  readonly link: string;
  readonly createdAt: string;
  readonly reminder: { round: number } | null;
  readonly addressedToMe: boolean;
  readonly readAt: string | null;
  readonly acknowledgement: { by: string; at: string } | null;
}

/**
 * The inbox (mine and my team's queue, worded by the notifications service in the page's
 * language), reading and taking an item, and the live stream the header's script listens to:
 * passed through as it comes, closed by the service after each token's two minutes so that the
 * browser reconnects and the edge checks the session again.
 */
export const registerNotificationPages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  scope.get('/notifications', async (request, reply) => {
    const filters = inboxQuery.parse(request.query);
    const list = await deps
      .api(request)
      .get<{ items: Notification[] }>(
        'notifications',
        `/notifications${query({ scope: filters.scope, unread: filters.unread, limit: 50, language: localeOfRequest(request) })}`,
      );
    const { roles } = principalOf(request);
    return renderer.page(request, reply, 'notifications', {
      title: renderer.t(request)('notifications.title'),
      filters,
      notifications: list.items.map((n) => ({ ...n, page: pageLinkOf(n.link, roles) })),
    });
  });

  scope.post('/notifications/:notificationId/read', async (request, reply) => {
    const { notificationId } = notificationParams.parse(request.params);
    const read = await deps
      .api(request)
      .send<Notification>('notifications', 'POST', `/notifications/${segment(notificationId)}/read`, {});
    const open = field(formOf(request), 'open') === 'true';
    return reply.redirect(open ? pageLinkOf(read.link, principalOf(request).roles) : '/notifications', 303);
  });

  scope.post('/notifications/:notificationId/acknowledgement', async (request, reply) => {
    const { notificationId } = notificationParams.parse(request.params);
    await deps
      .api(request)
      .send('notifications', 'POST', `/notifications/${segment(notificationId)}/acknowledgement`, {});
    return reply.redirect('/notifications?done=notificationTaken', 303);
  });

  scope.get('/notifications/stream', async (request, reply) => {
    const aborted = new AbortController();
    request.raw.once('close', () => aborted.abort());
    const lastEventId = request.headers['last-event-id'];
    const upstream = await deps.services.stream(request, 'notifications', '/notifications/stream', {
      ...(typeof lastEventId === 'string' ? { lastEventId } : {}),
      signal: aborted.signal,
    });
    if (!upstream.ok || !upstream.body) {
      return reply.status(upstream.status === 429 ? 429 : 502).send();
    }
    const events = Readable.fromWeb(upstream.body as ReadableStream<Uint8Array>);
    // The browser leaving aborts the upstream read: an expected end, not an error to report.
    events.on('error', () => undefined);
    return reply.type('text/event-stream').header('x-accel-buffering', 'no').send(events);
  });
};
