import { dayNumber } from './days.ts';

/** Accidents per 100 placements and per 1,000 worked days, for one host or one sector. */
export interface AccidentRate {
  readonly placements: number;
  readonly workedDays: number;
  readonly accidents: number;
  readonly severeAccidents: number;
  readonly per100Placements: number | null;
  readonly per1000WorkedDays: number | null;
}

/**
 * Weekdays (Monday to Friday) from `from` to `to` inclusive. Worked days are estimated from the
 * placement's dates: safety-visits does not hold work schedules, and an article 60 contract is
 * mostly a weekday job (engagement rules count 38 h over five days).
 */
export const weekdaysBetween = (from: string, to: string): number => {
  const start = dayNumber(from);
  const end = dayNumber(to);
  if (end < start) return 0;
  const days = end - start + 1;
  const fullWeeks = Math.floor(days / 7);
  let count = fullWeeks * 5;
  // 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
  for (let n = start + fullWeeks * 7; n <= end; n += 1) if ((n + 3) % 7 < 5) count += 1;
  return count;
};

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The accident rate over a period for a set of placements and accidents: a placement counts when
 * it overlaps the period, and only its days inside the period (and up to `today`) count as worked.
 */
export const accidentRate = (
  placements: readonly { readonly startDate: string; readonly lastWorkedDay: string | null }[],
  accidents: readonly { readonly occurredOn: string; readonly severity: string }[],
  period: { readonly from: string; readonly to: string },
): AccidentRate => {
  let counted = 0;
  let workedDays = 0;
  for (const p of placements) {
    const from = p.startDate > period.from ? p.startDate : period.from;
    const last = p.lastWorkedDay ?? period.to;
    const to = last < period.to ? last : period.to;
    if (to < from) continue;
    counted += 1;
    workedDays += weekdaysBetween(from, to);
  }
  const inPeriod = accidents.filter((a) => a.occurredOn >= period.from && a.occurredOn <= period.to);
  return {
    placements: counted,
    workedDays,
    accidents: inPeriod.length,
    severeAccidents: inPeriod.filter((a) => a.severity === 'severe').length,
    per100Placements: counted === 0 ? null : round((inPeriod.length * 100) / counted),
    per1000WorkedDays: workedDays === 0 ? null : round((inPeriod.length * 1000) / workedDays),
  };
};
