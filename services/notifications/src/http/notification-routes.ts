import { principalOf, type ServiceApp } from '@relais/service-kit';
import { z } from 'zod';
import { acknowledgeNotification } from '../app/acknowledge-notification.ts';
import { getNotification, getUnreadCount } from '../app/get-notification.ts';
import { listNotifications } from '../app/list-notifications.ts';
import { markRead } from '../app/mark-read.ts';
import type { NotificationsContext } from '../app/notice-context.ts';
import { readerOf } from '../app/reader.ts';
import {
  emptyBody,
  errors,
  inboxPage,
  inboxQuery,
  language,
  notificationParams,
  notificationSchema,
  unreadCountSchema,
} from './schemas.ts';

const tags = ['notifications'];

/** The inbox: lists, counts, one notification, reading and taking. */
export const registerNotificationRoutes = (app: ServiceApp, context: NotificationsContext): void => {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications and my teams’ queues, newest first',
        querystring: inboxQuery,
        response: { 200: inboxPage, ...errors },
      },
    },
    (request) => listNotifications(context, readerOf(principalOf(request)), request.query),
  );

  app.get(
    '/notifications/unread-count',
    { schema: { tags, summary: 'My unread counts', response: { 200: unreadCountSchema, ...errors } } },
    (request) => getUnreadCount(context, readerOf(principalOf(request))),
  );

  app.get(
    '/notifications/:notificationId',
    {
      schema: {
        tags,
        params: notificationParams,
        querystring: z.strictObject({ language: language.optional() }),
        response: { 200: notificationSchema, ...errors },
      },
    },
    (request) =>
      getNotification(
        context,
        readerOf(principalOf(request)),
        request.params.notificationId,
        request.query.language,
      ),
  );

  app.post(
    '/notifications/:notificationId/read',
    {
      schema: {
        tags,
        summary: 'Mark a notification read (for me)',
        params: notificationParams,
        body: emptyBody,
        response: { 200: notificationSchema, ...errors },
      },
    },
    (request) => markRead(context, readerOf(principalOf(request)), request.params.notificationId),
  );

  app.post(
    '/notifications/:notificationId/acknowledgement',
    {
      schema: {
        tags,
        summary: 'Take a team item: I deal with it (recorded, shown to my colleagues)',
        params: notificationParams,
        body: emptyBody,
        response: { 200: notificationSchema, ...errors },
      },
    },
    (request) =>
      acknowledgeNotification(context, readerOf(principalOf(request)), request.params.notificationId),
  );
};
