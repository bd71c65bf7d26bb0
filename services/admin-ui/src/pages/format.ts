import type { Locale } from './i18n.ts';

/** Belgian formats of dates, numbers and amounts in the page's language (Intl, no library). */
export interface Formats {
  /** `2026-03-01` → `01/03/2026`; an empty string for none. */
  date(isoDate: string | null | undefined): string;
  /** `2026-03-01` → `dimanche 1 mars 2026` / `zondag 1 maart 2026`. */
  longDate(isoDate: string | null | undefined): string;
  /** An instant (ISO timestamp) as date and time in Brussels. */
  dateTime(instant: string | null | undefined): string;
  number(value: number, fractionDigits?: number): string;
  /** Cents as euros: `123456` → `1 234,56 €` (fr-BE) / `€ 1.234,56` (nl-BE). */
  euros(cents: number | null | undefined): string;
}

/** A day is a calendar day: read and printed in UTC so that no time zone moves it. */
const dayOf = (isoDate: string): Date | null => {
  const day = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? null : day;
};

/** The formats of one language. */
export const formatsFor = (locale: Locale): Formats => {
  const numeric = { day: '2-digit', month: '2-digit', year: 'numeric' } as const;
  const date = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...numeric });
  const longDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'full' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: 'Europe/Brussels',
    ...numeric,
    hour: '2-digit',
    minute: '2-digit',
  });
  const euros = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  return {
    date: (isoDate) => {
      const day = isoDate ? dayOf(isoDate) : null;
      return day ? date.format(day) : '';
    },
    longDate: (isoDate) => {
      const day = isoDate ? dayOf(isoDate) : null;
      return day ? longDate.format(day) : '';
    },
    dateTime: (instant) => {
      const at = instant ? new Date(instant) : null;
      return at && !Number.isNaN(at.getTime()) ? dateTime.format(at) : '';
    },
    number: (value, fractionDigits = 0) =>
      new Intl.NumberFormat(locale, {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(value),
    euros: (cents) => (cents === null || cents === undefined ? '' : euros.format(cents / 100)),
  };
};
