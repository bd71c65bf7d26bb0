import { describe, expect, it } from 'vitest';
import { planTrial, type TrialSettings } from './schedule.ts';

const settings = (over: Partial<TrialSettings> = {}): TrialSettings => ({
  id: '0190a000-0000-7000-8000-000000000005',
  tenantId: null,
  contractType: null,
  effectiveFrom: '2000-01-01',
  lengthDays: 30,
  checkInOffsetsDays: [4, 14, 27],
  overdueGraceDays: 2,
  ...over,
});

describe('planTrial', () => {
  it('given a 30-day trial starting on a Monday, when planned, then it ends on day 30 with check-ins on days 5, 15 and 28', () => {
    expect(planTrial('2026-03-02', settings())).toEqual({
      plannedEndDate: '2026-03-31',
      checkInsDueOn: ['2026-03-06', '2026-03-16', '2026-03-29'],
    });
  });

  it('given offsets beyond a shortened trial, when planned, then they fall on its last day, once', () => {
    expect(planTrial('2026-03-02', settings({ lengthDays: 10, checkInOffsetsDays: [14, 4, 27] }))).toEqual({
      plannedEndDate: '2026-03-11',
      checkInsDueOn: ['2026-03-06', '2026-03-11'],
    });
  });

  it('given a trial over the change to summer time, when planned, then the days do not shift', () => {
    expect(planTrial('2026-03-28', settings({ lengthDays: 3, checkInOffsetsDays: [1] }))).toEqual({
      plannedEndDate: '2026-03-30',
      checkInsDueOn: ['2026-03-29'],
    });
  });
});
