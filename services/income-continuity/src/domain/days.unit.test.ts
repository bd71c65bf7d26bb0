import { describe, expect, it } from 'vitest';
import { addDays } from './days.ts';

describe('addDays', () => {
  it.each([
    ['2026-03-20', 1, '2026-03-21'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-29', -1, '2026-03-28'],
    ['2026-10-25', 1, '2026-10-26'],
  ])(
    '%s + %i day(s) is %s, across month ends, leap days and daylight-saving changes',
    (from, days, expected) => {
      expect(addDays(from, days)).toBe(expected);
    },
  );
});
