import { describe, expect, it } from 'vitest';
import { caseSummaryRows } from './case-summary.ts';

describe('the case summary shown to the committee', () => {
  it('given nested facts with ids, then flat rows without the ids', () => {
    expect(
      caseSummaryRows({
        placementId: '0190',
        lastWorkedDay: '2026-02-20',
        trial: { id: 'x', reasonCode: 'health', officerAnalysis: 'Needs training first', flags: ['a', 'b'] },
        host: null,
      }),
    ).toEqual([
      { key: 'lastWorkedDay', value: '2026-02-20' },
      { key: 'trial.reasonCode', value: 'health' },
      { key: 'trial.officerAnalysis', value: 'Needs training first' },
      { key: 'trial.flags', value: 'a, b' },
    ]);
  });
});
