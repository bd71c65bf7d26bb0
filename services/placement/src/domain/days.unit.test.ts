import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber, isIsoDate } from './days.ts';

describe('calendar days', () => {
  it.each([
    ['2026-03-20', 1, '2026-03-21'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-29', -1, '2026-03-28'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
  ])(
    'given %s, when %i day(s) are added, then it is %s (month ends, leap days, summer time)',
    (from, days, expected) => {
      expect(addDays(from, days)).toBe(expected);
    },
  );

  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '26-03-02',
    '2026-3-2',
    '2026/03/02',
    '',
    '2026-03-0x',
  ])('given %j, when checked, then it is not a date', (value) => {
    expect(isIsoDate(value)).toBe(false);
    expect(dayNumber(value)).toBeNaN();
  });

  it('given any date from 1000 to 9999, when counted, then it agrees with Date.UTC and converts back', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1000-01-01T00:00:00Z'),
          max: new Date('9999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const n = dayNumber(iso);
          expect(n).toBe(Math.floor(d.getTime() / 86_400_000));
          expect(fromDayNumber(n)).toBe(iso);
        },
      ),
    );
  });
});
