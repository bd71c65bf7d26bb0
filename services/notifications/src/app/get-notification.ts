import { withTenantTransaction } from '@relais/messaging';
import { DomainError } from '@relais/service-kit';
import type { Language } from '../domain/languages.ts';
import { countUnread, findVisibleNotice } from '../db/inbox.ts';
import type { NotificationsContext } from './notice-context.ts';
import { readerLanguage, toView, type NotificationView } from './notification-view.ts';
import type { ReaderOf } from './reader.ts';

/** The refusal for a notification the reader may not see: the same as for one that does not exist. */
export const notFound = (id: string): DomainError =>
  new DomainError('NOTIFICATION_NOT_FOUND', 'not_found', `no notification ${id}`);

/** One notification the reader may see (theirs, or their teams' queues). */
export const getNotification = (
  context: NotificationsContext,
  reader: ReaderOf,
  id: string,
  language: Language | undefined,
): Promise<NotificationView> =>
  withTenantTransaction(
    context.pool,
    reader.tenantId,
    async (tx) => {
      const row = await findVisibleNotice(tx, reader, id);
      if (!row) throw notFound(id);
      return toView(row, await readerLanguage(tx, reader.userId, language));
    },
    { readOnly: true },
  );

/** The reader's unread counts. */
export const getUnreadCount = (
  context: NotificationsContext,
  reader: ReaderOf,
): Promise<{ total: number; mine: number; team: number }> =>
  withTenantTransaction(context.pool, reader.tenantId, (tx) => countUnread(tx, reader), { readOnly: true });
