import type { Tx } from '@relais/messaging';

/** The channel on which committed changes are announced to the streams of every instance. */
export const LIVE_CHANNEL = 'relais_notifications';

// pg_notify carries at most 8000 bytes: past this many users, every stream of the CPAS rechecks.
const MAX_USERS = 150;

/** What changed, for the streams to pass on: ids and a kind only, never words or persons. */
export type Announcement =
  | {
      readonly type: 'created';
      readonly tenantId: string;
      readonly id: string;
      readonly kind: string;
      readonly createdAt: string;
      readonly role: string;
      readonly users: readonly string[] | 'all';
    }
  | {
      readonly type: 'counts';
      readonly tenantId: string;
      readonly role: string | null;
      readonly users: readonly string[] | 'all';
    };

/**
 * Announces a change in the caller's transaction: PostgreSQL delivers a NOTIFY only when the
 * transaction commits, so a stream never hears of a notification that was rolled back.
 */
export const announce = async (tx: Tx, announcement: Announcement): Promise<void> => {
  const users =
    announcement.users !== 'all' && announcement.users.length > MAX_USERS ? 'all' : announcement.users;
  await tx.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, JSON.stringify({ ...announcement, users })]);
};
