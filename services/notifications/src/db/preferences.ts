import type { Tx } from '@relais/messaging';
import type { Language } from '../domain/languages.ts';
import type { Preferences } from '../domain/preferences.ts';

/** A user's saved preferences, or null if they never chose. */
export const findPreferences = async (tx: Tx, userId: string): Promise<Preferences | null> => {
  const { rows } = await tx.query<Preferences>(
    `SELECT email, email_opt_in AS "emailOptIn", language FROM notification_preferences WHERE user_id = $1`,
    [userId],
  );
  return rows[0] ?? null;
};

/** Saves a user's preferences with the roles they hold now (team items are emailed by role). */
export const savePreferences = async (
  tx: Tx,
  tenantId: string,
  userId: string,
  preferences: Preferences & { roles: readonly string[]; at: Date },
): Promise<void> => {
  await tx.query(
    `INSERT INTO notification_preferences (tenant_id, user_id, email, email_opt_in, language, roles, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, user_id) DO UPDATE SET email = $3, email_opt_in = $4, language = $5, roles = $6, updated_at = $7`,
    [
      tenantId,
      userId,
      preferences.email,
      preferences.emailOptIn,
      preferences.language,
      preferences.roles,
      preferences.at,
    ],
  );
};

/** Users to email about a notification: its recipients and the team members, who opted in. */
export const emailRecipients = async (
  tx: Tx,
  role: string,
  recipients: readonly string[],
): Promise<string[]> => {
  const { rows } = await tx.query<{ userId: string }>(
    `SELECT user_id AS "userId" FROM notification_preferences
      WHERE email_opt_in AND (user_id = ANY($2::uuid[]) OR $1 = ANY(roles))`,
    [role, recipients],
  );
  return rows.map((r) => r.userId);
};

/** The address and language of an opted-in user, at the moment of sending (they may have opted out since). */
export const emailTarget = async (
  tx: Tx,
  userId: string,
): Promise<{ email: string; language: Language } | null> => {
  const { rows } = await tx.query<{ email: string; language: Language }>(
    `SELECT email, language FROM notification_preferences WHERE user_id = $1 AND email_opt_in`,
    [userId],
  );
  return rows[0] ?? null;
};

/** A user's language, for wording what they read. */
export const languageOf = async (tx: Tx, userId: string): Promise<Language | null> => {
  const { rows } = await tx.query<{ language: Language }>(
    'SELECT language FROM notification_preferences WHERE user_id = $1',
    [userId],
  );
  return rows[0]?.language ?? null;
};
