import { linkOf } from '../domain/links.ts';
import { DEFAULT_LANGUAGE, type Language } from '../domain/languages.ts';
import type { NoticeRow } from '../db/inbox.ts';
import { languageOf } from '../db/preferences.ts';
import type { Tx } from '@relais/messaging';
import { renderNotice } from '../i18n/render-notice.ts';
import type { NoticeKind } from '../domain/notices.ts';
import { translator } from '../i18n/translator.ts';

/** A notification as the API shows it: worded for its role in the reader's language, with its link. */
export interface NotificationView {
  readonly id: string;
  readonly kind: NoticeKind;
  readonly role: string;
  readonly personId: string | null;
  readonly title: string;
  readonly body: string;
  readonly link: string;
  readonly createdAt: string;
  readonly reminder: { readonly round: number } | null;
  readonly addressedToMe: boolean;
  readonly readAt: string | null;
  readonly acknowledgement: { readonly by: string; readonly at: string } | null;
}

/** Words a stored notification for a reader. */
export const toView = (row: NoticeRow, language: Language): NotificationView => ({
  id: row.id,
  kind: row.content.kind,
  role: row.role,
  personId: row.personId,
  ...renderNotice(translator(), language, row),
  link: linkOf(row.content),
  createdAt: row.createdAt,
  reminder: row.reminderRound === null ? null : { round: row.reminderRound },
  addressedToMe: row.addressedToMe,
  readAt: row.readAt,
  acknowledgement:
    row.acknowledgedBy && row.acknowledgedAt ? { by: row.acknowledgedBy, at: row.acknowledgedAt } : null,
});

/** The language a reader gets: the one asked for, else their preference, else French. */
export const readerLanguage = async (
  tx: Tx,
  userId: string,
  asked: Language | undefined,
): Promise<Language> => asked ?? (await languageOf(tx, userId)) ?? DEFAULT_LANGUAGE;
