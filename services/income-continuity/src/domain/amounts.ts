import type { CoveragePeriod, IncomeCategory } from './coverage.ts';
import { addDays } from './days.ts';

/** A monthly RI amount in force from a day (configuration, seeded with its legal source). */
export interface IncomeRate {
  readonly category: IncomeCategory;
  readonly effectiveFrom: string;
  readonly monthlyAmountCents: number;
}

/** The amount of one period for one calendar month (or the part of it the period covers). */
export interface MonthlyAmount {
  readonly month: string;
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly daysInMonth: number;
  readonly monthlyAmountCents: number | null;
  readonly amountCents: number | null;
}

/** What a period is worth through a day; null amounts when the category or a rate is unknown. */
export interface PeriodAmount {
  readonly periodId: string;
  readonly through: string;
  readonly totalCents: number | null;
  readonly months: MonthlyAmount[];
}

const daysInMonth = (month: string): number => {
  const [y = 0, m = 0] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};
const lastDayOf = (month: string) => `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
const daysBetween = (from: string, to: string) =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000 + 1;

const rateOn = (rates: readonly IncomeRate[], category: IncomeCategory, day: string) =>
  rates
    .filter((r) => r.category === category && r.effectiveFrom <= day)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];

/**
 * Splits `[from, to]` at month ends and at rate changes, so each piece has one rate and one
 * month: a partial month is paid `monthly × days ÷ days in the month`, rounded to the cent.
 */
const pieces = (rates: readonly IncomeRate[], category: IncomeCategory | null, from: string, to: string) => {
  const cuts = rates
    .filter((r) => r.category === category && r.effectiveFrom > from && r.effectiveFrom <= to)
    .map((r) => r.effectiveFrom);
  const result: { from: string; to: string }[] = [];
  let cursor = from;
  while (cursor <= to) {
    const monthEnd = lastDayOf(cursor.slice(0, 7));
    const nextCut = cuts.filter((c) => c > cursor).sort()[0];
    const end = [monthEnd, to, nextCut ? addDays(nextCut, -1) : to].sort()[0] ?? to;
    result.push({ from: cursor, to: end });
    cursor = addDays(end, 1);
  }
  return result;
};

/**
 * The RI amount of a period from its start through `through` (or its end, if earlier), month
 * by month, prorated for partial months. Salary and benefit periods are paid by others: none.
 */
export const amountOf = (
  period: CoveragePeriod,
  rates: readonly IncomeRate[],
  through: string,
): PeriodAmount | null => {
  if (period.kind !== 'integration_income' || period.status === 'withdrawn') return null;
  const to = period.endDate !== null && period.endDate < through ? period.endDate : through;
  if (to < period.startDate) return { periodId: period.id, through: to, totalCents: 0, months: [] };
  const category = period.category;
  const months = pieces(rates, category, period.startDate, to).map((piece): MonthlyAmount => {
    const month = piece.from.slice(0, 7);
    const rate = category ? rateOn(rates, category, piece.from) : undefined;
    const days = daysBetween(piece.from, piece.to);
    const inMonth = daysInMonth(month);
    return {
      month,
      from: piece.from,
      to: piece.to,
      days,
      daysInMonth: inMonth,
      monthlyAmountCents: rate?.monthlyAmountCents ?? null,
      amountCents: rate ? Math.round((rate.monthlyAmountCents * days) / inMonth) : null,
    };
  });
  const known = months.every((m) => m.amountCents !== null);
  return {
    periodId: period.id,
    through: to,
    totalCents: known ? months.reduce((sum, m) => sum + (m.amountCents ?? 0), 0) : null,
    months,
  };
};
