import { describe, expect, it } from 'vitest';
import { formatsFor } from './format.ts';

describe('Belgian formats', () => {
  it('given a day, then day/month/year in both languages, never moved by a time zone', () => {
    expect(formatsFor('fr-BE').date('2026-03-01')).toBe('01/03/2026');
    expect(formatsFor('nl-BE').date('2026-03-01')).toBe('01/03/2026');
    expect(formatsFor('fr-BE').longDate('2026-03-01')).toBe('dimanche 1 mars 2026');
    expect(formatsFor('nl-BE').longDate('2026-03-01')).toBe('zondag 1 maart 2026');
  });

  it('given cents, then euros as each language writes them', () => {
    expect(formatsFor('fr-BE').euros(123456)).toBe('1\u202f234,56\u00a0€');
    expect(formatsFor('nl-BE').euros(123456)).toBe('€\u00a01.234,56');
  });

  it('given no value or something that is not a day, then nothing rather than an error', () => {
    expect(formatsFor('fr-BE').date(null)).toBe('');
    expect(formatsFor('fr-BE').date('available')).toBe('');
  });
});
