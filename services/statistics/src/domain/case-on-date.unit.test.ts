import { describe, expect, it } from 'vitest';
import { caseOnDate } from './case-on-date.ts';
import type { Fact } from './facts.ts';

const f = (eventId: string, type: string, occurredAt: string, data: Record<string, unknown>): Fact => ({
  eventId,
  type,
  version: 1,
  occurredAt,
  personId: null,
  data,
});

const facts = [
  f('1', 'PlacementStarted', '2026-03-02T06:00:00Z', {
    placementId: 'p',
    hostEmployerId: 'h',
    startDate: '2026-03-02',
  }),
  f('2', 'TrialEnded', '2026-04-10T10:00:00Z', {
    trialPeriodId: 't',
    outcome: 'not_conclusive',
    lastWorkedDay: '2026-04-10',
    reasonCode: 'transport',
  }),
  f('3', 'IncomeReopened', '2026-04-10T10:00:01Z', { reopeningId: 'r', effectiveFrom: '2026-04-11' }),
  f('4', 'CommitteeDecisionRecorded', '2026-04-20T15:00:00Z', {
    subject: { kind: 'income_reopening', id: 'r' },
    outcome: 'approved',
    decidedOn: '2026-04-20',
    reasonCode: null,
  }),
];

describe('caseOnDate: a person’s case as it stood on a date', () => {
  it('given a date during the trial, then the trial is running and nothing later shows', () => {
    const c = caseOnDate('person', '2026-03-15', facts);
    expect(c.placement).toMatchObject({ placementId: 'p', ended: null });
    expect(c.trial?.outcome).toBe('running');
    expect(c.incomeReopening).toBeNull();
    expect(c.entries).toHaveLength(1);
  });

  it('given the day the trial ended, then the reopening of that day shows but not the later decision', () => {
    const c = caseOnDate('person', '2026-04-10', facts);
    expect(c.trial).toMatchObject({ outcome: 'not_conclusive', lastWorkedDay: '2026-04-10' });
    expect(c.incomeReopening).toEqual({ reopeningId: 'r', effectiveFrom: '2026-04-11' });
    expect(c.committeeDecisions).toEqual([]);
  });

  it('counts the end of a Belgian day: an event at 23:30 in Brussels belongs to that day', () => {
    const late = [
      f('5', 'TrialPassed', '2026-04-09T21:30:00Z', { trialPeriodId: 't', decidedOn: '2026-04-09' }),
    ];
    expect(caseOnDate('person', '2026-04-09', late).trial?.outcome).toBe('conclusive');
    expect(caseOnDate('person', '2026-04-08', late).trial).toBeNull();
  });

  it('given a later date, then the committee’s decision is part of the case', () => {
    expect(caseOnDate('person', '2026-05-01', facts).committeeDecisions).toEqual([
      { subjectKind: 'income_reopening', outcome: 'approved', decidedOn: '2026-04-20', reasonCode: null },
    ]);
  });
});
