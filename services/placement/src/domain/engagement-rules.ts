/**
 * How long an article 60 §7 contract runs: until the person has worked the days they still
 * need to open unemployment rights, at the weekly hours agreed with the host.
 *
 * The numbers (38 hours full time, days counted in a six-day week, hour limits, maximum length)
 * are legal parameters to confirm with each CPAS's legal service. They change by law, so they
 * live in effective-dated configuration (the `engagement_rules` table; the platform defaults are
 * seeded by a migration), never in code: nothing here holds a default.
 */
import { DomainError } from '@relais/service-kit/errors';
import { addDays, isIsoDate } from './days.ts';

/** The engagement parameters in force from a day on. */
export interface EngagementRule {
  /** 'YYYY-MM-DD': in force from this day until the next rule's. */
  readonly effectiveFrom: string;
  /** Hours of a full-time week (38). */
  readonly fullTimeWeeklyHours: number;
  /** Days a full-time week counts for unemployment rights (6: the six-day week system). */
  readonly countedDaysPerFullTimeWeek: number;
  readonly minWeeklyHours: number;
  readonly maxWeeklyHours: number;
  /** The longest contract allowed, in calendar days. */
  readonly maxContractDays: number;
}

const checkDay = (day: string, field: string): void => {
  if (!isIsoDate(day)) {
    throw new DomainError('INVALID_DATE', 'invalid', `${field} ${day} is not a YYYY-MM-DD date`, field);
  }
};

/**
 * The rule in force on `day`: the one with the latest `effectiveFrom` on or before it. Two rules
 * from the same day are a configuration error (the table's unique key forbids it).
 */
export const ruleOn = (rules: readonly EngagementRule[], day: string): EngagementRule => {
  checkDay(day, 'day');
  let found: EngagementRule | undefined;
  for (const rule of rules) {
    if (rule.effectiveFrom > day) continue;
    if (found?.effectiveFrom === rule.effectiveFrom) {
      throw new Error(
        `two engagement rules take effect on ${rule.effectiveFrom}: the configuration is ambiguous`,
      );
    }
    if (!found || rule.effectiveFrom > found.effectiveFrom) found = rule;
  }
  if (!found) {
    throw new DomainError('NO_ENGAGEMENT_RULE', 'invalid', `no engagement rule is in force on ${day}`);
  }
  return found;
};

/** The contract the rule gives for the days needed. */
export interface EngagementEnd {
  /** The last day of the contract. */
  readonly endDate: string;
  /** Whole calendar weeks from the start date. */
  readonly weeks: number;
  /** Days counted for each week worked at these hours (not rounded). */
  readonly countedDaysPerWeek: number;
}

// Tolerance for hours that are not exact binary fractions: 99 days at 20.9 h are exactly 30 weeks,
// but 99 × 38 / (6 × 20.9) evaluates to 30.000000000000004, which would add a 31st week.
const EPSILON = 1e-9;

/**
 * Computes the end of a contract. Each calendar week at `weeklyHours` counts
 * countedDaysPerFullTimeWeek × weeklyHours / fullTimeWeeklyHours days; the contract lasts the
 * whole weeks needed to reach `daysNeeded`, from `startDate` to the day before the same weekday.
 */
export const computeEngagementEnd = (
  input: { readonly startDate: string; readonly daysNeeded: number; readonly weeklyHours: number },
  rule: EngagementRule,
): EngagementEnd => {
  const { startDate, daysNeeded, weeklyHours } = input;
  checkDay(startDate, 'startDate');
  if (!(daysNeeded > 0)) {
    throw new DomainError(
      'NO_DAYS_NEEDED',
      'invalid',
      `the person needs no more days (${String(daysNeeded)})`,
      'daysNeeded',
    );
  }
  if (!(weeklyHours >= rule.minWeeklyHours && weeklyHours <= rule.maxWeeklyHours)) {
    throw new DomainError(
      'WEEKLY_HOURS_OUT_OF_RANGE',
      'invalid',
      `${String(weeklyHours)} hours a week is outside ${String(rule.minWeeklyHours)}–${String(rule.maxWeeklyHours)}`,
      'weeklyHours',
    );
  }
  if (!(rule.fullTimeWeeklyHours > 0 && rule.countedDaysPerFullTimeWeek > 0)) {
    throw new Error(
      `engagement rule from ${rule.effectiveFrom} has no full-time week: the configuration is broken`,
    );
  }
  const countedDaysPerWeek = (rule.countedDaysPerFullTimeWeek * weeklyHours) / rule.fullTimeWeeklyHours;
  const weeks = Math.ceil(
    (daysNeeded * rule.fullTimeWeeklyHours) / (rule.countedDaysPerFullTimeWeek * weeklyHours) - EPSILON,
  );
  if (weeks * 7 > rule.maxContractDays) {
    throw new DomainError(
      'CONTRACT_TOO_LONG',
      'invalid',
      `at ${String(weeklyHours)} hours a week, ${String(daysNeeded)} days take ${String(weeks)} weeks ` +
        `(${String(weeks * 7)} days), more than the ${String(rule.maxContractDays)} allowed: raise the weekly hours`,
      'weeklyHours',
    );
  }
  return { endDate: addDays(startDate, weeks * 7 - 1), weeks, countedDaysPerWeek };
};
