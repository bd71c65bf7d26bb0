import { withTenantTransaction } from '@relais/messaging';
import { findVisibleNotice } from '../db/inbox.ts';
import { markRead as saveRead } from '../db/notice-states.ts';
import { announce } from '../live/announce.ts';
import { notFound } from './get-notification.ts';
import type { NotificationsContext } from './notice-context.ts';
import { readerLanguage, toView, type NotificationView } from './notification-view.ts';
import type { ReaderOf } from './reader.ts';

/** The reader read a notification (again: nothing changes); their streams get their new counts. */
export const markRead = (
  context: NotificationsContext,
  reader: ReaderOf,
  id: string,
): Promise<NotificationView> =>
  withTenantTransaction(context.pool, reader.tenantId, async (tx) => {
    if (!(await findVisibleNotice(tx, reader, id))) throw notFound(id);
    if (await saveRead(tx, reader.tenantId, id, reader.userId, context.clock.now()))
      await announce(tx, { type: 'counts', tenantId: reader.tenantId, role: null, users: [reader.userId] });
    const row = await findVisibleNotice(tx, reader, id);
    if (!row) throw notFound(id);
    return toView(row, await readerLanguage(tx, reader.userId, undefined));
  });
