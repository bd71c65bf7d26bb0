import { describe, expect, it } from 'vitest';
import { belgianDay } from './dates.ts';

describe('belgianDay', () => {
  it.each([
    ['summer (CEST, UTC+2): a minute before midnight in Brussels', '2026-07-01T21:59:59.999Z', '2026-07-01'],
    ['summer (CEST, UTC+2): midnight in Brussels, 22:00 UTC', '2026-07-01T22:00:00Z', '2026-07-02'],
    ['summer: midnight UTC is already 02:00 in Brussels', '2026-07-02T00:00:00Z', '2026-07-02'],
    ['winter (CET, UTC+1): a minute before midnight in Brussels', '2026-01-15T22:59:59.999Z', '2026-01-15'],
    ['winter (CET, UTC+1): midnight in Brussels, 23:00 UTC', '2026-01-15T23:00:00Z', '2026-01-16'],
    ['winter: the last UTC hour of the year is New Year in Brussels', '2025-12-31T23:30:00Z', '2026-01-01'],
    [
      'the night clocks go forward (29 March 2026), still CET at 23:00 UTC',
      '2026-03-28T23:00:00Z',
      '2026-03-29',
    ],
    ['the evening after clocks went forward, CEST at 22:00 UTC', '2026-03-29T22:00:00Z', '2026-03-30'],
    [
      'the night clocks go back (25 October 2026), still CEST at 22:00 UTC',
      '2026-10-24T22:00:00Z',
      '2026-10-25',
    ],
    ['the evening after clocks went back, CET at 22:30 UTC', '2026-10-25T22:30:00Z', '2026-10-25'],
    ['a leap day ending in Brussels', '2028-02-29T23:00:00Z', '2028-03-01'],
    ['an instant given with an offset', '2026-05-04T00:30:00+02:00', '2026-05-04'],
  ])('given %s (%s), then the Belgian day is %s', (_when, instant, day) => {
    expect(belgianDay(new Date(instant))).toBe(day);
  });

  it('given any instant, then the day is written YYYY-MM-DD with zero padding', () => {
    expect(belgianDay(new Date('2026-02-03T08:00:00Z'))).toBe('2026-02-03');
  });
});
