import i18next, { type TFunction } from 'i18next';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The languages of the pages: French first (most CPAS of Brussels and Wallonia), Dutch selectable. */
export const LOCALES = ['fr-BE', 'nl-BE'] as const;
/** A language of the pages. */
export type Locale = (typeof LOCALES)[number];
/** The language of a person who has not chosen one. */
export const DEFAULT_LOCALE: Locale = 'fr-BE';

/** The language named by a cookie or a form, or null for anything else. */
export const localeOf = (value: unknown): Locale | null => LOCALES.find((locale) => locale === value) ?? null;

const catalogue = (locale: Locale): Record<string, unknown> =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../locales/${locale}.json`, import.meta.url)), 'utf8'),
  ) as Record<string, unknown>;

/** Translates keys of the locales' JSON files; a missing key shows as itself (and a test lists them). */
export type Translate = TFunction;

/**
 * One i18next instance for the edge, loaded synchronously at start from `locales/*.json`.
 * Interpolated values are not escaped here: the templates escape everything they print.
 */
export const createTranslations = (): ((locale: Locale) => Translate) => {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: catalogue(locale) }])),
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map(LOCALES.map((locale) => [locale, instance.getFixedT(locale)]));
  return (locale) => fixed.get(locale) ?? instance.getFixedT(DEFAULT_LOCALE);
};
