/**
 * Calendar days as 'YYYY-MM-DD' strings, counted in UTC: a calendar day has no time zone, so
 * daylight-saving changes never shift a date. Own copy per service (no cross-service imports).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const ZERO = 48;

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (MONTH_LENGTHS[month - 1] ?? 0);

/** Days from 1970-01-01 to a civil date (H. Hinnant's days_from_civil; valid for every year). */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
};

/** Whether a year, month (1–12) and day form a real date of the Gregorian calendar. */
export const isRealDate = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

/**
 * Days since 1970-01-01 of an ISO calendar date, or NaN when it is not a real 'YYYY-MM-DD'
 * date. Parsed by hand, without Date.parse: matching calls it once per candidate.
 */
export const dayNumber = (isoDate: string): number => {
  if (isoDate.length !== 10 || isoDate[4] !== '-' || isoDate[7] !== '-') return Number.NaN;
  const year =
    digit(isoDate, 0) * 1000 + digit(isoDate, 1) * 100 + digit(isoDate, 2) * 10 + digit(isoDate, 3);
  const month = digit(isoDate, 5) * 10 + digit(isoDate, 6);
  const day = digit(isoDate, 8) * 10 + digit(isoDate, 9);
  if (!isRealDate(year, month, day)) return Number.NaN;
  return daysFromCivil(year, month, day);
};

/** The ISO calendar date of a day number (days since 1970-01-01; years 1000–9999). */
export const fromDayNumber = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);

/** Adds whole days to an ISO calendar date. */
export const addDays = (isoDate: string, days: number): string => fromDayNumber(dayNumber(isoDate) + days);

/** Whether a string is a real 'YYYY-MM-DD' date. */
export const isIsoDate = (value: string): boolean => !Number.isNaN(dayNumber(value));
