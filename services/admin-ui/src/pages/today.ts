import { belgianDay } from '@relais/service-kit';

/** Today in Belgium, and a day some days away (calendar days, `YYYY-MM-DD`). */
export const today = (now: Date): string => belgianDay(now);

/** The day `days` after `isoDate` (negative: before). */
export const addDays = (isoDate: string, days: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
