import { withTenantTransaction } from '@relais/messaging';
import { acknowledge } from '../domain/acknowledgement.ts';
import { findVisibleNotice } from '../db/inbox.ts';
import { acknowledgeRemindedNotice, lockNotice, markRead, saveAcknowledgement } from '../db/notice-states.ts';
import { announce } from '../live/announce.ts';
import { notFound } from './get-notification.ts';
import type { NotificationsContext } from './notice-context.ts';
import { readerLanguage, toView, type NotificationView } from './notification-view.ts';
import type { ReaderOf } from './reader.ts';

/**
 * A member of the team takes a team item ("je m'en occupe"): recorded with who and when, read
 * for them, and gone from the team's unread counts on every colleague's stream.
 */
export const acknowledgeNotification = (
  context: NotificationsContext,
  reader: ReaderOf,
  id: string,
): Promise<NotificationView> =>
  withTenantTransaction(context.pool, reader.tenantId, async (tx) => {
    if (!(await findVisibleNotice(tx, reader, id))) throw notFound(id);
    const item = await lockNotice(tx, id);
    if (!item) throw notFound(id);
    if (acknowledge(item, reader) === 'acknowledge') {
      const now = context.clock.now();
      await saveAcknowledgement(tx, id, reader.userId, now);
      await acknowledgeRemindedNotice(tx, id, reader.userId, now);
      await markRead(tx, reader.tenantId, id, reader.userId, now);
      await announce(tx, {
        type: 'counts',
        tenantId: reader.tenantId,
        role: item.role,
        users: [reader.userId],
      });
    }
    const row = await findVisibleNotice(tx, reader, id);
    if (!row) throw notFound(id);
    return toView(row, await readerLanguage(tx, reader.userId, undefined));
  });
