import pg from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import { LIVE_CHANNEL, type Announcement } from './announce.ts';

const users = z.union([z.array(z.uuid()), z.literal('all')]);
const announcementSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('created'),
    tenantId: z.uuid(),
    id: z.uuid(),
    kind: z.string(),
    createdAt: z.string(),
    role: z.string(),
    users,
  }),
  z.object({ type: z.literal('counts'), tenantId: z.uuid(), role: z.string().nullable(), users }),
]);

const parseJson = (text: string | undefined): unknown => {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return null;
  }
};

/** A LISTEN connection that keeps itself up. */
export interface AnnouncementListener {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Listens for committed announcements of every instance (`LISTEN relais_notifications`) on a
 * connection of its own, outside the pool. A lost connection is made again with backoff; since
 * announcements sent meanwhile are lost, `onResumed` lets every stream recount.
 */
export const createAnnouncementListener = (options: {
  readonly connectionString: string;
  readonly logger: Logger;
  readonly onAnnouncement: (announcement: Announcement) => void;
  readonly onResumed: () => void;
}): AnnouncementListener => {
  const logger = options.logger.child({ component: 'live-listener' });
  let client: pg.Client | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let attempt = 0;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'notifications-live',
    });
    next.on('notification', (message) => {
      const parsed = announcementSchema.safeParse(parseJson(message.payload));
      if (parsed.success) options.onAnnouncement(parsed.data);
      else logger.warn('unreadable announcement');
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'live listener connection lost');
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      schedule();
    });
    await next.connect();
    await next.query(`LISTEN ${LIVE_CHANNEL}`);
    client = next;
    if (attempt > 0) options.onResumed();
    attempt = 0;
  };

  const schedule = () => {
    if (stopped || retryTimer) return;
    attempt += 1;
    const delay = Math.min(10000, 250 * 2 ** attempt);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch((error: unknown) => {
        logger.warn({ err: error }, 'live listener could not connect');
        schedule();
      });
    }, delay);
    retryTimer.unref();
  };

  return {
    start: () => connect(),
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
};
