import { isoDate } from '@relais/contracts';
import { cursorParam, pageOf, problemSchema } from '@relais/service-kit';
import { z } from 'zod';
import { INBOX_CURSOR_KEY } from '../app/list-notifications.ts';
import { LANGUAGES } from '../domain/languages.ts';
import { NOTICE_KINDS } from '../domain/notices.ts';

/** Error responses every route documents. */
export const errors = {
  400: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

/** A supported language. */
export const language = z.enum(LANGUAGES);

/** A notification, worded for the reader. */
export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(NOTICE_KINDS),
  role: z.string(),
  personId: z.uuid().nullable(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  createdAt: z.string(),
  reminder: z.object({ round: z.number().int() }).nullable(),
  addressedToMe: z.boolean(),
  readAt: z.string().nullable(),
  acknowledgement: z.object({ by: z.uuid(), at: z.string() }).nullable(),
});

/** The inbox query. */
export const inboxQuery = z.strictObject({
  scope: z.enum(['all', 'mine', 'team']).default('all'),
  unread: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorParam((k) => k === INBOX_CURSOR_KEY),
  language: language.optional(),
});

/** A page of notifications. */
export const inboxPage = pageOf(notificationSchema);

/** Unread counts. */
export const unreadCountSchema = z.object({
  total: z.number().int(),
  mine: z.number().int(),
  team: z.number().int(),
});

/** A user's preferences. */
export const preferencesSchema = z.strictObject({
  email: z.email().max(254).nullable(),
  emailOptIn: z.boolean(),
  language,
});

/** The notification in the path. */
export const notificationParams = z.object({ notificationId: z.uuid() });

/** The person in the path. */
export const personParams = z.object({ personId: z.uuid() });

/** A follower. */
export const followerSchema = z.object({
  personId: z.uuid(),
  userId: z.uuid(),
  role: z.enum(['social_worker', 'placement_officer']),
  followedAt: z.string(),
});

/** An information sheet and its deliveries. */
export const sheetSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  placementId: z.uuid(),
  hostEmployerId: z.uuid(),
  startDate: isoDate,
  languages: z.array(language),
  createdAt: z.string(),
  deliveries: z.array(
    z.object({
      id: z.uuid(),
      deliveredOn: isoDate,
      channel: z.enum(['hand', 'post', 'email']),
      language,
      recordedBy: z.uuid(),
      recordedAt: z.string(),
    }),
  ),
});

/** An empty body (a command without fields). */
export const emptyBody = z.strictObject({}).nullish();
