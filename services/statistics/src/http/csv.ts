import { stringify } from 'csv-stringify/sync';
import type { Statistics } from '../app/read-statistics.ts';

/**
 * The figures as CSV, one figure per line (`period, group_kind, group, indicator, breakdown,
 * kind, value`), suppressed ones as `suppressed`, never the number. Formulas are escaped: a host
 * name starting with `=` must not run in a spreadsheet.
 */
export const statisticsCsv = (statistics: Statistics): string =>
  stringify(
    statistics.cells.map((c) => [
      c.period,
      c.group?.kind ?? 'cpas',
      c.group?.label ?? '',
      c.indicator,
      c.breakdown ?? '',
      c.kind,
      c.value ?? '',
    ]),
    {
      header: true,
      columns: ['period', 'group_kind', 'group', 'indicator', 'breakdown', 'kind', 'value'],
      escape_formulas: true,
    },
  );
