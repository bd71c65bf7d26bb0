import { DomainError } from '@relais/service-kit/errors';
import type { Language } from './languages.ts';

/** How a user wants to be told: the language of their notifications and whether by email too. */
export interface Preferences {
  readonly email: string | null;
  readonly emailOptIn: boolean;
  readonly language: Language;
}

/** A user who chose nothing: in-app only, in French. */
export const DEFAULT_PREFERENCES: Preferences = { email: null, emailOptIn: false, language: 'fr-BE' };

/** Checks new preferences: email notifications need an address to go to. */
export const checkPreferences = (preferences: Preferences): Preferences => {
  if (preferences.emailOptIn && preferences.email === null)
    throw new DomainError('EMAIL_REQUIRED', 'invalid', 'email notifications need an email address', 'email');
  return preferences;
};
