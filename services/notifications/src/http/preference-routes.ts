import { principalOf, type ServiceApp } from '@relais/service-kit';
import { getPreferences, setPreferences } from '../app/preferences.ts';
import type { NotificationsContext } from '../app/notice-context.ts';
import { readerOf } from '../app/reader.ts';
import { errors, preferencesSchema } from './schemas.ts';

const tags = ['preferences'];

/** Each user's language and email choice. */
export const registerPreferenceRoutes = (app: ServiceApp, context: NotificationsContext): void => {
  app.get(
    '/notification-preferences',
    { schema: { tags, response: { 200: preferencesSchema, ...errors } } },
    (request) => getPreferences(context, readerOf(principalOf(request))),
  );

  app.put(
    '/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Set my language and whether I am told by email too',
        body: preferencesSchema,
        response: { 200: preferencesSchema, ...errors },
      },
    },
    (request) => setPreferences(context, readerOf(principalOf(request)), request.body),
  );
};
