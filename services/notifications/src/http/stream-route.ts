import { principalOf, SERVICE_TOKEN_TTL_SECONDS, type ServiceApp } from '@relais/service-kit';
import type { FastifyReply } from 'fastify';
import { validate as isUuid } from 'uuid';
import { getUnreadCount } from '../app/get-notification.ts';
import type { NotificationsContext } from '../app/notice-context.ts';
import { readerOf, type ReaderOf } from '../app/reader.ts';
import { withTenantTransaction } from '@relais/messaging';
import { listNoticesAfter } from '../db/inbox.ts';
import type { LiveStream, StreamHub } from '../live/hub.ts';

// Proxies close a stream idle for a minute or so; a comment line every 25 s keeps it open.
const HEARTBEAT_MS = 25_000;
/** Streams per user at once: a tab or two, a tablet; more is a leak or an abuse. */
export const MAX_STREAMS_PER_USER = 5;
const REPLAY_LIMIT = 50;

const tooMany = () =>
  Object.assign(new Error(`at most ${String(MAX_STREAMS_PER_USER)} streams at once`), {
    statusCode: 429,
    code: 'TOO_MANY_STREAMS',
  });

const frame = (event: string, data: unknown, id?: string): string =>
  `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

const openStream = (reply: FastifyReply, reader: ReaderOf, context: NotificationsContext): LiveStream => {
  let counting = false;
  let again = false;
  const raw = reply.raw;
  const stream: LiveStream = {
    tenantId: reader.tenantId,
    userId: reader.userId,
    roles: reader.roles,
    send: (event, data, id) => {
      if (!raw.writableEnded) raw.write(frame(event, data, id));
    },
    refreshCounts: () => {
      if (counting) {
        again = true;
        return;
      }
      counting = true;
      getUnreadCount(context, reader)
        .then((counts) => stream.send('unread-count', counts))
        .catch((error: unknown) => context.logger.debug({ err: error }, 'unread count for a stream failed'))
        .finally(() => {
          counting = false;
          if (again) {
            again = false;
            stream.refreshCounts();
          }
        });
    },
    end: () => {
      if (!raw.writableEnded) raw.end();
    },
  };
  return stream;
};

const replayAfter = async (
  context: NotificationsContext,
  reader: ReaderOf,
  stream: LiveStream,
  lastId: string,
) => {
  const missed = await withTenantTransaction(
    context.pool,
    reader.tenantId,
    (tx) => listNoticesAfter(tx, reader, lastId, REPLAY_LIMIT),
    { readOnly: true },
  );
  for (const row of missed)
    stream.send('notification', { id: row.id, kind: row.content.kind, createdAt: row.createdAt }, row.id);
};

/**
 * `GET /notifications/stream`: server-sent events of the signed-in user — their unread counts at
 * once and on every change, and each new notification they can see (id and kind only: the words
 * come from the audited inbox). The stream ends after a service token's lifetime so that the edge
 * checks the session again when EventSource reconnects; `Last-Event-ID` replays what was missed.
 */
export const registerStreamRoute = (app: ServiceApp, context: NotificationsContext, hub: StreamHub): void => {
  app.get(
    '/notifications/stream',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Live updates (text/event-stream): unread-count and notification events',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const reader = readerOf(principalOf(request));
      if (hub.count(reader.tenantId, reader.userId) >= MAX_STREAMS_PER_USER) throw tooMany();
      const header = request.headers['last-event-id'];
      const lastId = typeof header === 'string' && isUuid(header) ? header : null;
      reply.hijack();
      // The security headers (helmet) were set on the reply; a hijacked reply must send them itself.
      const headers = Object.fromEntries(
        Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined),
      ) as Record<string, string | number | string[]>;
      reply.raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-correlation-id': request.id,
      });
      reply.raw.write('retry: 3000\n\n');
      const stream = openStream(reply, reader, context);
      const remove = hub.add(stream);
      const heartbeat = setInterval(() => reply.raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const lifetime = setTimeout(() => stream.end(), SERVICE_TOKEN_TTL_SECONDS * 1000);
      reply.raw.on('close', () => {
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        remove();
      });
      stream.refreshCounts();
      if (lastId)
        await replayAfter(context, reader, stream, lastId).catch((error: unknown) =>
          context.logger.warn({ err: error }, 'replaying missed notifications failed'),
        );
    },
  );
};
