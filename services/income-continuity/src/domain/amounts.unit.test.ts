import { describe, expect, it } from 'vitest';
import { amountOf, type IncomeRate } from './amounts.ts';
import type { CoveragePeriod } from './coverage.ts';

// Test figures, not the legal amounts (those live in the seeded configuration).
const rates: IncomeRate[] = [
  { category: 'single', effectiveFrom: '2024-01-01', monthlyAmountCents: 120000 },
  { category: 'single', effectiveFrom: '2024-03-15', monthlyAmountCents: 124000 },
];
const period = (
  startDate: string,
  endDate: string | null,
  category: CoveragePeriod['category'] = 'single',
): CoveragePeriod => ({
  id: 'ri-1',
  kind: 'integration_income',
  startDate,
  endDate,
  placementId: null,
  status: 'provisional',
  category,
});

describe('the RI amount of a period, prorated for partial months', () => {
  it('given an RI from 20 February 2024 (a leap year), then February pays 10 days of 29', () => {
    const amount = amountOf(period('2024-02-20', '2024-02-29'), rates, '2024-12-31');
    expect(amount?.months).toEqual([
      expect.objectContaining({
        month: '2024-02',
        days: 10,
        daysInMonth: 29,
        amountCents: Math.round((120000 * 10) / 29),
      }),
    ]);
  });

  it('splits a month at a rate change (indexation on 15 March) and stops at the period end', () => {
    const amount = amountOf(period('2024-03-01', '2024-04-10'), rates, '2024-12-31');
    expect(amount?.months.map((m) => [m.from, m.to, m.monthlyAmountCents])).toEqual([
      ['2024-03-01', '2024-03-14', 120000],
      ['2024-03-15', '2024-03-31', 124000],
      ['2024-04-01', '2024-04-10', 124000],
    ]);
    expect(amount?.totalCents).toBe(
      Math.round((120000 * 14) / 31) + Math.round((124000 * 17) / 31) + Math.round((124000 * 10) / 30),
    );
  });

  it('counts an open period through the given day, and a full month at the monthly amount', () => {
    const amount = amountOf(period('2024-04-01', null), rates, '2024-04-30');
    expect(amount).toMatchObject({ through: '2024-04-30', totalCents: 124000 });
  });

  it('gives no amount when the category is unknown, and none for a salary period', () => {
    expect(amountOf(period('2024-04-01', '2024-04-30', null), rates, '2024-12-31')?.totalCents).toBeNull();
    expect(
      amountOf({ ...period('2024-04-01', null), kind: 'article60_salary' }, rates, '2024-12-31'),
    ).toBeNull();
  });
});
