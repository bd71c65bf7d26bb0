import { DomainError } from '@relais/service-kit/errors';
import { describe, expect, it } from 'vitest';
import { openTrial, recordOutcome, type TrialPeriod } from './trial-period.ts';

const running = (): TrialPeriod =>
  openTrial(
    {
      tenantId: '0190a000-0000-7000-8000-000000000001',
      placementId: '0190a000-0000-7000-8000-000000000002',
      personId: '0190a000-0000-7000-8000-000000000003',
      startDate: '2026-03-02',
    },
    '0190a000-0000-7000-8000-000000000004',
  );

const notConclusive = {
  outcome: 'not_conclusive',
  lastWorkedDay: '2026-03-20',
  reasonCode: 'tasks_not_matching_skills',
  initiatedBy: 'host',
} as const;

describe('recordOutcome', () => {
  it('given a running trial, when it is not conclusive, then the trial ends on the last worked day', () => {
    const decided = recordOutcome(running(), notConclusive, '2026-03-21');
    expect(decided).toEqual({
      type: 'TrialEnded',
      trial: expect.objectContaining({
        status: 'ended',
        outcome: 'not_conclusive',
        lastWorkedDay: '2026-03-20',
        decidedOn: '2026-03-21',
      }),
    });
  });

  it('given a running trial, when it ended early, then the outcome says so', () => {
    const decided = recordOutcome(
      running(),
      { ...notConclusive, outcome: 'ended_early', initiatedBy: 'worker' },
      '2026-03-21',
    );
    expect(decided.type).toBe('TrialEnded');
    expect(decided.trial).toMatchObject({ outcome: 'ended_early', initiatedBy: 'worker' });
  });

  it('given a running trial, when it is conclusive, then it passes', () => {
    expect(recordOutcome(running(), { outcome: 'conclusive' }, '2026-04-01')).toEqual({
      type: 'TrialPassed',
      trial: expect.objectContaining({ status: 'passed', decidedOn: '2026-04-01' }),
    });
  });

  it('given a decided trial, when another outcome is recorded, then it is refused (an outcome is final)', () => {
    const ended = recordOutcome(running(), notConclusive, '2026-03-21').trial;
    expect(() => recordOutcome(ended, { outcome: 'conclusive' }, '2026-03-22')).toThrow(
      expect.objectContaining({ code: 'TRIAL_ALREADY_DECIDED', kind: 'conflict' }),
    );
  });

  it('given a running trial, when the last worked day precedes the start, then it is refused on that field', () => {
    const attempt = () =>
      recordOutcome(running(), { ...notConclusive, lastWorkedDay: '2026-03-01' }, '2026-03-21');
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'LAST_WORKED_DAY_BEFORE_START', field: 'lastWorkedDay' }),
    );
  });

  it('given a running trial, when the person worked only the first day, then that day is the last worked day', () => {
    expect(
      recordOutcome(running(), { ...notConclusive, lastWorkedDay: '2026-03-02' }, '2026-03-03').trial,
    ).toMatchObject({
      lastWorkedDay: '2026-03-02',
    });
  });
});
