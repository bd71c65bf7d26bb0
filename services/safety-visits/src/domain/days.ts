const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' day (UTC arithmetic: calendar days, no time zone). */
export const dayNumber = (day: string): number => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** The 'YYYY-MM-DD' day of a day number. */
export const fromDayNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The day `n` days after `day` (before when negative). */
export const addDays = (day: string, n: number): string => fromDayNumber(dayNumber(day) + n);

/** The later of two days. */
export const maxDay = (a: string, b: string): string => (a >= b ? a : b);
