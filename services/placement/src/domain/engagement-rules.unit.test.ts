import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from './days.ts';
import { computeEngagementEnd, ruleOn, type EngagementRule } from './engagement-rules.ts';

// Test fixture shaped like the platform seed; the real values live in configuration.
const rule: EngagementRule = {
  effectiveFrom: '2000-01-01',
  fullTimeWeeklyHours: 38,
  countedDaysPerFullTimeWeek: 6,
  minWeeklyHours: 19,
  maxWeeklyHours: 38,
  maxContractDays: 731,
};

describe('computeEngagementEnd', () => {
  it.each([
    // weeklyHours, daysNeeded, weeks, endDate, countedDaysPerWeek
    [38, 312, 52, '2027-02-28', 6],
    [19, 312, 104, '2028-02-27', 3],
    [28.5, 312, 70, '2027-07-04', 4.5],
    [25, 312, 80, '2027-09-12', 6 * (25 / 38)],
    [38, 1, 1, '2026-03-08', 6],
    [38, 6, 1, '2026-03-08', 6],
    [38, 7, 2, '2026-03-15', 6],
  ])(
    'given %s hours a week and %s days needed from Monday 2 March 2026, when computed, then %s weeks end on %s',
    (weeklyHours, daysNeeded, weeks, endDate, perWeek) => {
      const end = computeEngagementEnd({ startDate: '2026-03-02', daysNeeded, weeklyHours }, rule);
      expect(end).toEqual({ endDate, weeks, countedDaysPerWeek: expect.closeTo(perWeek, 12) });
    },
  );

  it('given hours that binary floating point cannot hold exactly (20.9 h: 99 days are exactly 30 weeks), when computed, then no week is added by rounding', () => {
    // 99 × 38 / (6 × 20.9) evaluates to 30.000000000000004.
    expect(
      computeEngagementEnd({ startDate: '2026-03-02', daysNeeded: 99, weeklyHours: 20.9 }, rule).weeks,
    ).toBe(30);
    expect(
      computeEngagementEnd({ startDate: '2026-03-02', daysNeeded: 288, weeklyHours: 19.2 }, rule).weeks,
    ).toBe(95);
  });

  it.each([18.5, 38.5, Number.NaN])(
    'given %s hours a week, when computed, then it is refused on weeklyHours',
    (weeklyHours) => {
      expect(() =>
        computeEngagementEnd({ startDate: '2026-03-02', daysNeeded: 312, weeklyHours }, rule),
      ).toThrow(
        expect.objectContaining({ code: 'WEEKLY_HOURS_OUT_OF_RANGE', kind: 'invalid', field: 'weeklyHours' }),
      );
    },
  );

  it.each([0, -3, Number.NaN])(
    'given %s days needed, when computed, then it is refused on daysNeeded',
    (daysNeeded) => {
      expect(() =>
        computeEngagementEnd({ startDate: '2026-03-02', daysNeeded, weeklyHours: 38 }, rule),
      ).toThrow(expect.objectContaining({ code: 'NO_DAYS_NEEDED', kind: 'invalid', field: 'daysNeeded' }));
    },
  );

  it('given half time and 330 days needed, when computed, then the 110 weeks exceed the maximum and the officer is told to raise the hours', () => {
    expect(() =>
      computeEngagementEnd({ startDate: '2026-03-02', daysNeeded: 330, weeklyHours: 19 }, rule),
    ).toThrow(expect.objectContaining({ code: 'CONTRACT_TOO_LONG', kind: 'invalid', field: 'weeklyHours' }));
    expect(
      computeEngagementEnd({ startDate: '2026-03-02', daysNeeded: 330, weeklyHours: 21 }, rule).weeks,
    ).toBe(100);
  });

  it('given a malformed start date, when computed, then it is refused on startDate', () => {
    expect(() =>
      computeEngagementEnd({ startDate: '2026-02-30', daysNeeded: 10, weeklyHours: 38 }, rule),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATE', field: 'startDate' }));
  });

  const unbounded = { ...rule, maxContractDays: 100_000 };
  const hours = fc.integer({ min: 38, max: 76 }).map((halfHours) => halfHours / 2);
  const start = fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2099-01-01') }).map(fromDayNumber);

  it('given any start, days needed and hours, when computed, then the contract is the fewest whole weeks that reach the days, ending the day before the start weekday', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 500 }), hours, (startDate, daysNeeded, weeklyHours) => {
        const { endDate, weeks, countedDaysPerWeek } = computeEngagementEnd(
          { startDate, daysNeeded, weeklyHours },
          unbounded,
        );
        expect(countedDaysPerWeek).toBeCloseTo((6 * weeklyHours) / 38, 12);
        expect(weeks * countedDaysPerWeek).toBeGreaterThanOrEqual(daysNeeded - 1e-9);
        expect((weeks - 1) * countedDaysPerWeek).toBeLessThan(daysNeeded);
        expect(dayNumber(endDate) - dayNumber(startDate) + 1).toBe(weeks * 7);
      }),
    );
  });

  it('given more weekly hours, when computed, then the contract never ends later', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 500 }), hours, hours, (startDate, daysNeeded, a, b) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        const endFewer = computeEngagementEnd(
          { startDate, daysNeeded, weeklyHours: fewer },
          unbounded,
        ).endDate;
        const endMore = computeEngagementEnd({ startDate, daysNeeded, weeklyHours: more }, unbounded).endDate;
        expect(endMore <= endFewer).toBe(true);
      }),
    );
  });
});

describe('ruleOn', () => {
  const rules: EngagementRule[] = [
    { ...rule, effectiveFrom: '2027-01-01', fullTimeWeeklyHours: 37 },
    rule,
    { ...rule, effectiveFrom: '2026-07-01', maxContractDays: 700 },
  ];

  it.each([
    ['2026-06-30', '2000-01-01'],
    ['2026-07-01', '2026-07-01'],
    ['2026-12-31', '2026-07-01'],
    ['2030-05-05', '2027-01-01'],
  ])(
    'given rules from 2000, mid-2026 and 2027, when asked for %s, then the rule from %s applies',
    (day, from) => {
      expect(ruleOn(rules, day).effectiveFrom).toBe(from);
    },
  );

  it('given a day before every rule, when asked, then NO_ENGAGEMENT_RULE', () => {
    expect(() => ruleOn(rules, '1999-12-31')).toThrow(
      expect.objectContaining({ code: 'NO_ENGAGEMENT_RULE', kind: 'invalid' }),
    );
    expect(() => ruleOn([], '2026-01-01')).toThrow(expect.objectContaining({ code: 'NO_ENGAGEMENT_RULE' }));
  });

  it('given two rules from the same day, when asked, then the configuration error is not hidden', () => {
    expect(() => ruleOn([rule, { ...rule }], '2026-01-01')).toThrow(/ambiguous/);
  });

  it('given any set of rules and any day, when asked, then the latest rule in force is chosen, whatever their order', () => {
    const day = fc.integer({ min: dayNumber('1995-01-01'), max: dayNumber('2040-01-01') }).map(fromDayNumber);
    fc.assert(
      fc.property(fc.uniqueArray(day, { maxLength: 8 }), day, (froms, asked) => {
        const set = froms.map((effectiveFrom) => ({ ...rule, effectiveFrom }));
        const inForce = froms.filter((f) => f <= asked).sort();
        const latest = inForce[inForce.length - 1];
        if (latest === undefined) expect(() => ruleOn(set, asked)).toThrow();
        else expect(ruleOn([...set].reverse(), asked).effectiveFrom).toBe(latest);
      }),
    );
  });
});
