import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTranslations, LOCALES } from './i18n.ts';

const keysOf = (tree: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? keysOf(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );

const catalogue = (locale: string) =>
  JSON.parse(readFileSync(new URL(`../../locales/${locale}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe('the pages’ translations', () => {
  it('given French and Dutch, then both say every thing (no key in one language only)', () => {
    const [fr, nl] = LOCALES.map((locale) => keysOf(catalogue(locale)).sort());
    expect(nl).toEqual(fr);
  });

  it('given a count, then Belgian plural forms in each language', () => {
    const t = createTranslations();
    expect(t('fr-BE')('candidates.count', { count: 1 })).toBe('1 candidat');
    expect(t('fr-BE')('candidates.count', { count: 3 })).toBe('3 candidats');
    expect(t('nl-BE')('candidates.count', { count: 3 })).toBe('3 kandidaten');
  });

  it('given the field’s words, then the pages use them (DOMAIN.md)', () => {
    const fr = JSON.stringify(catalogue('fr-BE'));
    const nl = JSON.stringify(catalogue('nl-BE'));
    for (const word of [
      'utilisateur',
      "période d'essai",
      "revenu d'intégration",
      'comité spécial',
      'visite de prévention',
      "agent d'insertion",
    ]) {
      expect(fr.toLowerCase()).toContain(word);
    }
    for (const word of [
      'leefloon',
      'proefperiode',
      'bijzonder comité',
      'preventiebezoek',
      'trajectbegeleider',
    ]) {
      expect(nl.toLowerCase()).toContain(word);
    }
  });
});
