const brusselsDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Belgian calendar day (`YYYY-MM-DD`) of an instant. */
export const dayOf = (instant: string): string => brusselsDay.format(new Date(instant));

/** The month (`YYYY-MM`) of a day or an instant's Belgian day. */
export const monthOf = (dayOrInstant: string): string =>
  (dayOrInstant.length > 10 ? dayOf(dayOrInstant) : dayOrInstant).slice(0, 7);

/** Whole days from `a` to `b` (both `YYYY-MM-DD`; negative when `b` is before `a`). */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Every month from `from` to `to` (`YYYY-MM`), both included. */
export const monthsBetween = (from: string, to: string): string[] => {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard += 1) {
    const month = `${String(y)}-${String(m).padStart(2, '0')}`;
    if (month > to) break;
    months.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
};

/** The last day of a month (`YYYY-MM` → `YYYY-MM-DD`). */
export const lastDayOf = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The median of some numbers (the lower middle one for an even count), `null` for none. */
export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
};
