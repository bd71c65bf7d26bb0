import type { i18n } from 'i18next';
import type { Language } from '../domain/languages.ts';
import type { Email } from './mailer.ts';

/**
 * The email about a notification: "a new item needs your attention" and a link to it in the
 * admin UI, behind sign-in. Nothing of the case travels by email — not the person, not the kind
 * of notification — since mailboxes and relays are outside the CPAS's control.
 */
export const composeEmail = (
  i18n: i18n,
  input: { to: string; language: Language; noticeId: string; adminUiUrl: string },
): Email => {
  const t = i18n.getFixedT(input.language, 'notifications');
  const url = new URL(`/notifications/${input.noticeId}`, input.adminUiUrl).toString();
  return { to: input.to, subject: t('email.subject'), text: t('email.text', { url }) };
};
