import { withTenantTransaction } from '@relais/messaging';
import { decodeCursor, encodeCursor } from '@relais/service-kit';
import type { Language } from '../domain/languages.ts';
import { listNotices, type Scope } from '../db/inbox.ts';
import type { NotificationsContext } from './notice-context.ts';
import { readerLanguage, toView, type NotificationView } from './notification-view.ts';
import type { ReaderOf } from './reader.ts';

/** The cursor key of the inbox: ids are time-ordered, so the id alone places a page. */
export const INBOX_CURSOR_KEY = 'inbox';

/** A page of the reader's notifications, newest first, worded in their language. */
export const listNotifications = (
  context: NotificationsContext,
  reader: ReaderOf,
  query: {
    scope: Scope;
    unread: boolean;
    limit: number;
    cursor?: string | undefined;
    language?: Language | undefined;
  },
): Promise<{ items: NotificationView[]; nextCursor: string | null }> =>
  withTenantTransaction(
    context.pool,
    reader.tenantId,
    async (tx) => {
      const beforeId = query.cursor
        ? (decodeCursor(query.cursor, (k) => k === INBOX_CURSOR_KEY)?.id ?? null)
        : null;
      const rows = await listNotices(tx, reader, {
        scope: query.scope,
        unread: query.unread,
        beforeId,
        limit: query.limit + 1,
      });
      const language = await readerLanguage(tx, reader.userId, query.language);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => toView(row, language)),
        nextCursor:
          rows.length > query.limit && last ? encodeCursor({ key: INBOX_CURSOR_KEY, id: last.id }) : null,
      };
    },
    { readOnly: true },
  );
