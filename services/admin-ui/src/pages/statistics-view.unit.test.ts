import { describe, expect, it } from 'vitest';
import { createTranslations, LOCALES } from './i18n.ts';
import { statisticsView, type StatCell } from './statistics-view.ts';

const cell = (
  period: string,
  indicator: string,
  kind: StatCell['kind'],
  value: StatCell['value'],
): StatCell => ({
  period,
  group: null,
  indicator,
  breakdown: null,
  kind,
  value,
});

const view = statisticsView({
  from: '2026-02',
  to: '2026-03',
  asOf: '2026-12-07',
  suppressionThreshold: 5,
  cells: [
    cell('2026-02', 'host_choices', 'count', 13),
    cell('2026-02', 'engagement_proposals', 'count', 13),
    cell('2026-03', 'days_host_choice_to_contract_start', 'median_days', 14),
    cell('2026-03', 'days_proposal_to_contract_start', 'median_days', 10),
    cell('2026-03', 'jobs_lost_to_delays', 'count', 'suppressed'),
  ],
});
const delays = view.tables.find((t) => t.id === 'delays');

describe('the statistics page’s delays table', () => {
  it('given the figures, then the host’s choices and the days from the choice to the contract come before the proposals', () => {
    expect(delays?.series).toEqual([
      'statistics.ind.host_choices',
      'statistics.ind.days_host_choice_to_contract_start',
      'statistics.ind.engagement_proposals',
      'statistics.ind.days_proposal_to_contract_start',
      'statistics.ind.jobs_lost_to_delays',
      'statistics.ind.days_last_worked_day_to_income_reopening',
    ]);
    // A month without a figure: no choice (0), nothing to measure (no median).
    expect(delays?.rows).toEqual([
      { month: '2026-02', values: [13, null, 13, null, 0, null] },
      { month: '2026-03', values: [0, 14, 0, 10, 'suppressed', null] },
    ]);
    expect(delays?.note).toBe('statistics.notes.delays');
  });

  it('given French and Dutch, then every column and note of every table has its words', () => {
    const keys = view.tables.flatMap((t) => [t.title, ...t.series, ...(t.note ? [t.note] : [])]);
    for (const locale of LOCALES) {
      const t = createTranslations()(locale);
      for (const key of keys) expect(t(key), `${locale} ${key}`).not.toBe(key);
    }
  });
});
