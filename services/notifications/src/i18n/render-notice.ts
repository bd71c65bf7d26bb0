import type { i18n, TFunction } from 'i18next';
import type { Language } from '../domain/languages.ts';
import type { NoticeContent, NotifiedRole } from '../domain/notices.ts';
import { longDate } from './translator.ts';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Parameters whose values are codes, worded from `values.<set>` of the translation files. */
const VALUE_SETS: Readonly<Record<string, string>> = {
  cause: 'reopeningCause',
  aidKinds: 'aidKind',
  outcome: 'outcome',
  subjectKind: 'subjectKind',
  severity: 'severity',
  safetyStatus: 'safetyStatus',
};

const worded = (t: TFunction, key: string, value: string): string => {
  const set = VALUE_SETS[key];
  return set ? t(`values.${set}.${value}`) : value;
};

/** The parameters in the reader's words: codes translated, days written out, lists joined. */
const wordedParams = (
  t: TFunction,
  language: Language,
  content: NoticeContent,
): Partial<Record<string, string | number>> => {
  const out: Partial<Record<string, string | number>> = {};
  for (const [key, value] of Object.entries(content.params as Record<string, unknown>)) {
    if (Array.isArray(value))
      out[key] = new Intl.ListFormat(language, { type: 'conjunction' }).format(
        value.map((v) => worded(t, key, String(v))),
      );
    else if (typeof value === 'number') out[key] = value;
    else if (typeof value === 'string')
      out[key] = ISO_DAY.test(value) ? longDate(language, value) : worded(t, key, value);
  }
  out.hostName ??= t('values.unknownHost');
  if (content.kind === 'host_safety_status_changed')
    out.placements = t(`values.placementsAfterStatus.${content.params.safetyStatus}`);
  return out;
};

/** A notification's title and body, worded for the reader's role in their language. */
export const renderNotice = (
  i18n: i18n,
  language: Language,
  notice: {
    readonly content: NoticeContent;
    readonly role: NotifiedRole;
    readonly reminderRound: number | null;
  },
): { title: string; body: string } => {
  const t = i18n.getFixedT(language, 'notifications');
  const params = wordedParams(t, language, notice.content);
  const base = `${notice.content.kind}.${notice.role}`;
  const title = t(`${base}.title`, params);
  const body = t(`${base}.body`, params);
  return {
    title: notice.reminderRound === null ? title : t('reminder', { round: notice.reminderRound, title }),
    body,
  };
};
