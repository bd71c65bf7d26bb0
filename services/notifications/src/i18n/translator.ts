import { readFileSync } from 'node:fs';
import i18next, { type i18n, type Resource, type ResourceKey } from 'i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../domain/languages.ts';

/** The translation files: notifications' wording, and the information sheet's (legal) text. */
export const NAMESPACES = ['notifications', 'information-sheet'] as const;

/** Where the translation files are. */
export const LOCALES_DIR = new URL('../../locales/', import.meta.url);

/** One translation file, parsed. */
export const readLocale = (language: Language, namespace: (typeof NAMESPACES)[number]): ResourceKey =>
  JSON.parse(readFileSync(new URL(`${language}/${namespace}.json`, LOCALES_DIR), 'utf8')) as ResourceKey;

let instance: i18n | undefined;

/**
 * The service's i18next instance, made on first use from the files (never at import). Values are
 * not HTML-escaped: the words go into JSON, plain-text email and PDF, and whoever renders HTML escapes.
 */
export const translator = (): i18n => {
  if (instance) return instance;
  const created = i18next.createInstance();
  const resources: Resource = Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      Object.fromEntries(NAMESPACES.map((ns) => [ns, readLocale(language, ns)])),
    ]),
  );
  // initAsync: false — with resources in hand, init completes before it returns.
  void created.init({
    initAsync: false,
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: [...NAMESPACES],
    defaultNS: 'notifications',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance = created;
  return created;
};

/** A calendar day (`YYYY-MM-DD`) in words: `2 mars 2026`, `2 maart 2026`. */
export const longDate = (language: Language, day: string): string =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
