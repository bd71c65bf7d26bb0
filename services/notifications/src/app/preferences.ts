import { withTenantTransaction } from '@relais/messaging';
import { checkPreferences, DEFAULT_PREFERENCES, type Preferences } from '../domain/preferences.ts';
import { findPreferences, savePreferences } from '../db/preferences.ts';
import type { NotificationsContext } from './notice-context.ts';
import type { ReaderOf } from './reader.ts';

/** The reader's preferences (in-app only, in French, until they choose). */
export const getPreferences = (context: NotificationsContext, reader: ReaderOf): Promise<Preferences> =>
  withTenantTransaction(
    context.pool,
    reader.tenantId,
    async (tx) => (await findPreferences(tx, reader.userId)) ?? DEFAULT_PREFERENCES,
    { readOnly: true },
  );

/** The reader sets their language and email choice; the roles they hold now go with it. */
export const setPreferences = (
  context: NotificationsContext,
  reader: ReaderOf,
  preferences: Preferences,
): Promise<Preferences> =>
  withTenantTransaction(context.pool, reader.tenantId, async (tx) => {
    const checked = checkPreferences(preferences);
    await savePreferences(tx, reader.tenantId, reader.userId, {
      ...checked,
      roles: reader.roles,
      at: context.clock.now(),
    });
    return checked;
  });
