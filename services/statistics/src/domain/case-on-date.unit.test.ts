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
    placementId: 'p',
    outcome: 'not_conclusive',
    lastWorkedDay: '2026-04-10',
    reasonCode: 'transport',
  }),
  f('3', 'IncomeReopened', '2026-04-10T10:00:01Z', {
    reopeningId: 'r',
    placementId: 'p',
    effectiveFrom: '2026-04-11',
  }),
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
    expect(c.placements).toMatchObject([{ placementId: 'p', ended: null, trial: { outcome: 'running' } }]);
    expect(c.placements[0]?.incomeReopening).toBeNull();
    expect(c.entries).toHaveLength(1);
  });

  it('given the day the trial ended, then the reopening of that day shows but not the later decision', () => {
    const c = caseOnDate('person', '2026-04-10', facts);
    expect(c.placements[0]?.trial).toMatchObject({ outcome: 'not_conclusive', lastWorkedDay: '2026-04-10' });
    expect(c.placements[0]?.incomeReopening).toEqual({ reopeningId: 'r', effectiveFrom: '2026-04-11' });
    expect(c.coverage).toEqual([{ kind: 'income_reopened', from: '2026-04-11', to: null, reasonCode: null }]);
    expect(c.committeeDecisions).toEqual([]);
  });

  it('counts the end of a Belgian day: an event at 23:30 in Brussels belongs to that day', () => {
    const late = [
      f('5', 'TrialPassed', '2026-04-09T21:30:00Z', {
        trialPeriodId: 't',
        placementId: 'p',
        decidedOn: '2026-04-09',
      }),
    ];
    expect(caseOnDate('person', '2026-04-09', late).placements[0]?.trial.outcome).toBe('conclusive');
    expect(caseOnDate('person', '2026-04-08', late).placements).toEqual([]);
  });

  it('given a later date, then the committee’s decision is part of the case', () => {
    expect(caseOnDate('person', '2026-05-01', facts).committeeDecisions).toEqual([
      { subjectKind: 'income_reopening', outcome: 'approved', decidedOn: '2026-04-20', reasonCode: null },
    ]);
  });

  it('given a second placement, then both show, each with its own trial and the situations after the first', () => {
    const second = [
      ...facts,
      f('6', 'PlacementOutcomeRecorded', '2026-07-12T09:00:00Z', {
        outcomeId: 'o1',
        checkId: 'k3',
        placementId: 'p',
        monthsAfterEnd: 3,
        situation: 'training',
        observedOn: '2026-07-12',
        correctsOutcomeId: null,
      }),
      f('7', 'PlacementOutcomeRecorded', '2026-07-14T09:00:00Z', {
        outcomeId: 'o2',
        checkId: 'k3',
        placementId: 'p',
        monthsAfterEnd: 3,
        situation: 'employed',
        observedOn: '2026-07-12',
        correctsOutcomeId: 'o1',
      }),
      f('8', 'PlacementStarted', '2026-09-01T06:00:00Z', {
        placementId: 'p2',
        hostEmployerId: 'h2',
        startDate: '2026-09-01',
      }),
    ];
    const c = caseOnDate('person', '2026-09-02', second);
    expect(c.placements.map((p) => [p.placementId, p.trial.outcome])).toEqual([
      ['p', 'not_conclusive'],
      ['p2', 'running'],
    ]);
    expect(c.placements[0]?.outcomesAfter).toEqual([
      { monthsAfterEnd: 3, situation: 'employed', observedOn: '2026-07-12', corrected: true },
    ]);
    expect(caseOnDate('person', '2026-07-13', second).placements[0]?.outcomesAfter).toEqual([
      { monthsAfterEnd: 3, situation: 'training', observedOn: '2026-07-12', corrected: false },
    ]);
  });

  it('given income and aid events, then the coverage and the aid requests read as they stood', () => {
    const income = [
      f('a', 'HostChoiceRecorded', '2026-02-16T10:00:00Z', {
        hostEmployerId: 'h',
        chosenOn: '2026-02-16',
        hostDeadline: '2026-03-15',
      }),
      f('b', 'AidAtRisk', '2026-03-02T06:00:01Z', {
        suspensionFrom: '2026-03-02',
        aidRequests: [{ aidRequestId: 'aid', kind: 'energy_aid', requestedOn: '2026-02-01' }],
      }),
      f('c', 'IncomeSuspended', '2026-03-02T06:00:02Z', {
        suspendedFrom: '2026-03-02',
        paidThrough: '2026-03-01',
      }),
      f('d', 'CoverageGapDetected', '2026-03-09T06:00:00Z', { gapId: 'g', from: '2026-03-05', to: null }),
      f('e', 'AidRequestClosed', '2026-03-10T11:00:00Z', { aidRequestId: 'aid', closedOn: '2026-03-10' }),
    ];
    const before = caseOnDate('person', '2026-03-09', income);
    expect(before.hostChoices).toEqual([
      { chosenOn: '2026-02-16', hostEmployerId: 'h', hostDeadline: '2026-03-15' },
    ]);
    expect(before.coverage.map((c) => [c.kind, c.from, c.to])).toEqual([
      ['income_suspended', '2026-03-02', null],
      ['coverage_gap', '2026-03-05', null],
    ]);
    expect(before.aidRequests).toEqual([
      {
        aidRequestId: 'aid',
        kind: 'energy_aid',
        requestedOn: '2026-02-01',
        atRiskFrom: '2026-03-02',
        closedOn: null,
      },
    ]);
    expect(caseOnDate('person', '2026-03-10', income).aidRequests[0]?.closedOn).toBe('2026-03-10');
  });
});
