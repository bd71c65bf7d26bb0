/** A published figure of the statistics service. */
export interface StatCell {
  readonly period: string;
  readonly group: { readonly kind: 'host' | 'sector'; readonly key: string; readonly label: string } | null;
  readonly indicator: string;
  readonly breakdown: string | null;
  readonly kind: 'count' | 'median_days' | 'rate_per_100';
  readonly value: number | 'suppressed' | null;
}

/** What the statistics service answers. */
export interface Statistics {
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly suppressionThreshold: number;
  readonly cells: readonly StatCell[];
}

/** One column of a chart or table: an indicator (and breakdown), its translation key. */
interface Series {
  readonly indicator: string;
  readonly breakdown: string | null;
  readonly label: string;
}

/** A drawn bar: where it is, and the value it stands for (suppressed ones are drawn as a short hatched mark). */
export interface Bar {
  readonly series: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly value: StatCell['value'];
  readonly suppressed: boolean;
}

/** A chart with the table of its numbers (the same figures, for screen readers and printing). */
export interface ChartView {
  readonly id: string;
  readonly title: string;
  readonly series: readonly { readonly label: string; readonly index: number }[];
  readonly height: number;
  readonly rows: readonly {
    readonly month: string;
    readonly y: number;
    readonly values: readonly StatCell['value'][];
    readonly bars: readonly Bar[];
  }[];
}

const s = (indicator: string, label: string, breakdown: string | null = null): Series => ({
  indicator,
  breakdown,
  label,
});

/**
 * The charts of the page. Trial outcomes are three series side by side in neutral colours:
 * a not conclusive trial is not drawn, named or added up as a failure (seed 004 §4.4).
 */
const CHARTS: readonly { readonly id: string; readonly title: string; readonly series: readonly Series[] }[] =
  [
    {
      id: 'placements',
      title: 'statistics.charts.placements',
      series: [s('placements_started', 'statistics.ind.placements_started')],
    },
    {
      id: 'trials',
      title: 'statistics.charts.trials',
      series: [
        s('trials_ended', 'trials.outcomes.conclusive', 'outcome=conclusive'),
        s('trials_ended', 'trials.outcomes.not_conclusive', 'outcome=not_conclusive'),
        s('trials_ended', 'trials.outcomes.ended_early', 'outcome=ended_early'),
      ],
    },
    {
      id: 'income',
      title: 'statistics.charts.income',
      series: [
        s('income_reopenings', 'statistics.ind.income_reopenings'),
        s('income_reopenings_with_uncovered_days', 'statistics.ind.income_reopenings_with_uncovered_days'),
      ],
    },
    {
      id: 'safety',
      title: 'statistics.charts.safety',
      series: [
        s('work_accidents', 'statistics.ind.work_accidents'),
        s('host_visits_overdue', 'statistics.ind.host_visits_overdue'),
        s('trial_check_ins_overdue', 'statistics.ind.trial_check_ins_overdue'),
      ],
    },
  ];

/** A table of monthly figures; `note` says how a figure is counted where its label cannot. */
interface TableDef {
  readonly id: string;
  readonly title: string;
  readonly series: readonly Series[];
  readonly note?: string;
}

/**
 * Monthly figures shown as tables only (durations and delays). The delays follow a hire from the
 * host's choice to the contract start (seed 004 §4.3, the job lost to delays).
 */
const TABLES: readonly TableDef[] = [
  {
    id: 'delays',
    title: 'statistics.tables.delays',
    note: 'statistics.notes.delays',
    series: [
      s('host_choices', 'statistics.ind.host_choices'),
      s('days_host_choice_to_contract_start', 'statistics.ind.days_host_choice_to_contract_start'),
      s('engagement_proposals', 'statistics.ind.engagement_proposals'),
      s('days_proposal_to_contract_start', 'statistics.ind.days_proposal_to_contract_start'),
      s('jobs_lost_to_delays', 'statistics.ind.jobs_lost_to_delays'),
      s(
        'days_last_worked_day_to_income_reopening',
        'statistics.ind.days_last_worked_day_to_income_reopening',
      ),
    ],
  },
  {
    id: 'committee',
    title: 'statistics.tables.committee',
    series: [
      s('days_to_committee_decision', 'decisionSubject.engagement_proposal', 'subject=engagement_proposal'),
      s('days_to_committee_decision', 'decisionSubject.income_reopening', 'subject=income_reopening'),
      s(
        'days_to_committee_decision',
        'decisionSubject.host_partner_approval',
        'subject=host_partner_approval',
      ),
      s('days_to_committee_decision', 'decisionSubject.trial_end', 'subject=trial_end'),
    ],
  },
];

const SITUATIONS = [
  'employed',
  'unemployment_benefits',
  'training',
  'integration_income',
  'other',
  'unknown',
];

/** The person's situation 3, 6 and 12 months after the placement, by the month it ended. */
const OUTCOME_TABLES: readonly TableDef[] = [3, 6, 12].map((months) => ({
  id: `outcomes-${String(months)}`,
  title: `statistics.tables.outcomes${String(months)}`,
  series: SITUATIONS.map((situation) =>
    s(
      'placement_outcomes_after',
      `statistics.situation.${situation}`,
      `months=${String(months)};situation=${situation}`,
    ),
  ),
}));

const BAR = 12;
const LABEL = 90;
const WIDTH = 560;

const valueOf = (cells: readonly StatCell[], period: string, series: Series): StatCell['value'] => {
  const cell = cells.find(
    (c) =>
      !c.group && c.period === period && c.indicator === series.indicator && c.breakdown === series.breakdown,
  );
  if (cell) return cell.value;
  // No figure: nothing happened that month (counts), or nothing to measure (medians).
  return series.indicator.startsWith('days_') ? null : 0;
};

const monthsOf = (from: string, to: string): string[] => {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  while (months.length < 60) {
    const month = `${String(y)}-${String(m).padStart(2, '0')}`;
    if (month > to) break;
    months.push(month);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
};

/** The charts (bars laid out for an SVG of width 560) and the tables of the statistics page. */
export const statisticsView = (statistics: Statistics) => {
  const months = monthsOf(statistics.from, statistics.to);
  const charts: ChartView[] = CHARTS.map((chart) => {
    const per = chart.series.length * (BAR + 2) + 8;
    const all = months.map((month) => chart.series.map((series) => valueOf(statistics.cells, month, series)));
    const max = Math.max(1, ...all.flat().map((v) => (typeof v === 'number' ? v : 0)));
    return {
      id: chart.id,
      title: chart.title,
      series: chart.series.map((series, index) => ({ label: series.label, index })),
      height: months.length * per + 4,
      rows: months.map((month, i) => {
        const values = all[i] ?? [];
        return {
          month,
          y: i * per + 4,
          values,
          bars: values.map((value, index) => ({
            series: index,
            x: LABEL,
            y: i * per + 4 + index * (BAR + 2),
            width: typeof value === 'number' ? Math.round(((WIDTH - LABEL - 60) * value) / max) : 6,
            height: BAR,
            value,
            suppressed: value === 'suppressed',
          })),
        };
      }),
    };
  });
  const tables = [...TABLES, ...OUTCOME_TABLES].map((table) => ({
    id: table.id,
    title: table.title,
    note: table.note ?? null,
    series: table.series.map((series) => series.label),
    rows: months.map((month) => ({
      month,
      values: table.series.map((series) => valueOf(statistics.cells, month, series)),
    })),
  }));
  const groups = (kind: 'host' | 'sector') => {
    const byKey = new Map<string, { label: string; values: Map<string, StatCell['value']> }>();
    for (const cell of statistics.cells) {
      if (cell.group?.kind !== kind) continue;
      const entry = byKey.get(cell.group.key) ?? { label: cell.group.label, values: new Map() };
      entry.values.set(cell.breakdown ? `${cell.indicator}:${cell.breakdown}` : cell.indicator, cell.value);
      byKey.set(cell.group.key, entry);
    }
    return [...byKey.values()]
      .sort((a, b) => a.label.localeCompare(b.label))
      .map((g) => ({
        label: g.label,
        values: [
          'placements_started',
          'trials_ended:outcome=conclusive',
          'trials_ended:outcome=not_conclusive',
          'trials_ended:outcome=ended_early',
          'work_accidents',
          'work_accidents_per_100_placements',
        ].map((key) => g.values.get(key) ?? (key.endsWith('_placements') ? null : 0)),
      }));
  };
  return {
    months,
    charts,
    tables,
    hosts: groups('host'),
    sectors: groups('sector'),
    width: WIDTH,
    labelWidth: LABEL,
  };
};
