import { DomainError } from '@relais/service-kit/errors';
import { describe, expect, it } from 'vitest';
import type { Actor } from './model.ts';
import {
  correctOutcome,
  openTrial,
  recordOutcome,
  recordPlacementEnd,
  TRIAL_COMMANDS,
  type EndedOutcome,
  type TrialPeriod,
} from './trial-period.ts';

const officer: Actor = { id: '0190a000-0000-7000-8000-0000000000a1', role: 'placement_officer' };
const socialWorker: Actor = { id: '0190a000-0000-7000-8000-0000000000a2', role: 'social_worker' };

const running = (): TrialPeriod =>
  openTrial(
    {
      tenantId: '0190a000-0000-7000-8000-000000000001',
      placementId: '0190a000-0000-7000-8000-000000000002',
      personId: '0190a000-0000-7000-8000-000000000003',
      startDate: '2026-03-02',
    },
    '0190a000-0000-7000-8000-000000000004',
    { id: '0190a000-0000-7000-8000-000000000005', lengthDays: 30 },
    { plannedEndDate: '2026-03-31', checkInsDueOn: ['2026-03-06'] },
  );

const notConclusive = {
  outcome: 'not_conclusive',
  lastWorkedDay: '2026-03-20',
  reasonCode: 'tasks_not_matching_skills',
  initiatedBy: 'host',
} as const;

const ended = () => recordOutcome(running(), notConclusive, '2026-03-21', officer).trial;
const endedOutcome: EndedOutcome = { ...notConclusive, officerAnalysis: null };

describe('openTrial', () => {
  it('given a placement and the settings in force, when the trial opens, then it runs with the planned end', () => {
    expect(running()).toMatchObject({
      status: 'running',
      lengthDays: 30,
      plannedEndDate: '2026-03-31',
      placementEnd: null,
    });
  });
});

describe('recordOutcome', () => {
  it('given a running trial, when it is not conclusive, then the trial ends on the last worked day', () => {
    const decided = recordOutcome(running(), notConclusive, '2026-03-21', officer);
    expect(decided).toEqual({
      type: 'TrialEnded',
      trial: expect.objectContaining({
        status: 'ended',
        outcome: 'not_conclusive',
        lastWorkedDay: '2026-03-20',
        decidedOn: '2026-03-21',
        officerAnalysis: null,
      }),
    });
  });

  it("given a running trial, when it ends with the officer's analysis, then the analysis is kept with the end", () => {
    const analysis = 'Les tâches demandées dépassaient le poste convenu; la personne reste motivée.';
    const decided = recordOutcome(
      running(),
      { ...notConclusive, officerAnalysis: analysis },
      '2026-03-21',
      officer,
    );
    expect(decided.trial).toMatchObject({ officerAnalysis: analysis });
  });

  it('given a running trial, when it ended early, then the outcome says so', () => {
    const decided = recordOutcome(
      running(),
      { ...notConclusive, outcome: 'ended_early', reasonCode: 'resignation', initiatedBy: 'worker' },
      '2026-03-21',
      officer,
    );
    expect(decided.type).toBe('TrialEnded');
    expect(decided.trial).toMatchObject({ outcome: 'ended_early', initiatedBy: 'worker' });
  });

  it('given a running trial, when it is conclusive, then it passes', () => {
    expect(recordOutcome(running(), { outcome: 'conclusive' }, '2026-04-01', officer)).toEqual({
      type: 'TrialPassed',
      trial: expect.objectContaining({ status: 'passed', decidedOn: '2026-04-01' }),
    });
  });

  it('given a decided trial, when another outcome is recorded, then it is refused (an outcome is final)', () => {
    expect(() => recordOutcome(ended(), { outcome: 'conclusive' }, '2026-03-22', officer)).toThrow(
      expect.objectContaining({ code: 'TRIAL_ALREADY_DECIDED', kind: 'conflict' }),
    );
  });

  it('given a running trial, when the last worked day precedes the start, then it is refused on that field', () => {
    const attempt = () =>
      recordOutcome(running(), { ...notConclusive, lastWorkedDay: '2026-03-01' }, '2026-03-21', officer);
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'LAST_WORKED_DAY_BEFORE_START', field: 'lastWorkedDay' }),
    );
  });

  it('given a running trial, when the person worked only the first day, then that day is the last worked day', () => {
    expect(
      recordOutcome(running(), { ...notConclusive, lastWorkedDay: '2026-03-02' }, '2026-03-03', officer)
        .trial,
    ).toMatchObject({
      lastWorkedDay: '2026-03-02',
    });
  });

  it.each([
    ['resignation', 'host'],
    ['host_closure', 'worker'],
  ] as const)(
    'given a running trial, when a %s is said to be initiated by the %s, then it is refused on initiatedBy',
    (reasonCode, initiatedBy) => {
      expect(() =>
        recordOutcome(running(), { ...notConclusive, reasonCode, initiatedBy }, '2026-03-21', officer),
      ).toThrow(expect.objectContaining({ code: 'INITIATOR_NOT_MATCHING_REASON', field: 'initiatedBy' }));
    },
  );

  it('given a running trial, when a social worker records the outcome, then ROLE_NOT_ALLOWED (only the officer decides)', () => {
    expect(() => recordOutcome(running(), notConclusive, '2026-03-21', socialWorker)).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }),
    );
  });

  it('never offers a sanction: every reason code describes a situation and no command proposes one', () => {
    expect(Object.keys(TRIAL_COMMANDS).join(' ')).not.toMatch(/sanction|penalt/i);
  });
});

describe('correctOutcome', () => {
  const correction = {
    ...endedOutcome,
    lastWorkedDay: '2026-03-19',
    correctionReason: 'last_worked_day_confirmed_by_payroll',
    explanation: 'Le secrétariat social confirme le 19 comme dernier jour presté.',
  } as const;

  it('given an ended trial, when the officer corrects the last worked day, then the corrected end is returned', () => {
    expect(correctOutcome(ended(), endedOutcome, correction, officer)).toEqual({
      ...endedOutcome,
      lastWorkedDay: '2026-03-19',
    });
  });

  it('given an ended trial, when the correction changes nothing, then NOTHING_TO_CORRECT', () => {
    expect(() =>
      correctOutcome(ended(), endedOutcome, { ...correction, lastWorkedDay: '2026-03-20' }, officer),
    ).toThrow(expect.objectContaining({ code: 'NOTHING_TO_CORRECT' }));
  });

  it('given a running or passed trial, when a correction is asked, then TRIAL_NOT_ENDED', () => {
    const passed = recordOutcome(running(), { outcome: 'conclusive' }, '2026-04-01', officer).trial;
    for (const trial of [running(), passed]) {
      expect(() => correctOutcome(trial, endedOutcome, correction, officer)).toThrow(
        expect.objectContaining({ code: 'TRIAL_NOT_ENDED', kind: 'conflict' }),
      );
    }
  });

  it.each([socialWorker, { ...officer, role: 'cpas_admin' } as const])(
    'given an ended trial, when a $role corrects it, then ROLE_NOT_ALLOWED (the officer who runs the trial corrects it)',
    (by) => {
      expect(() => correctOutcome(ended(), endedOutcome, correction, by)).toThrow(
        expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }),
      );
    },
  );
});

describe('recordPlacementEnd', () => {
  const completed = { lastWorkedDay: '2026-12-31', reason: 'completed' } as const;

  it('given a passed trial, when the contract ends after it, then the trial keeps its outcome and records the end', () => {
    const passed = recordOutcome(running(), { outcome: 'conclusive' }, '2026-04-01', officer).trial;
    expect(recordPlacementEnd(passed, completed)).toMatchObject({
      status: 'passed',
      placementEnd: completed,
    });
  });

  it('given a running trial, when the placement ends during it, then the trial closes without an outcome', () => {
    const end = { lastWorkedDay: '2026-03-10', reason: 'ended_early' } as const;
    expect(recordPlacementEnd(running(), end)).toMatchObject({ status: 'closed', placementEnd: end });
  });

  it('given an ended trial, when the placement end that follows it arrives, then it is recorded once', () => {
    const end = { lastWorkedDay: '2026-03-20', reason: 'trial_not_conclusive' } as const;
    const recorded = recordPlacementEnd(ended(), end);
    expect(recorded).toMatchObject({ status: 'ended', placementEnd: end });
    expect(recorded && recordPlacementEnd(recorded, end)).toBeUndefined();
  });

  it('given a closed trial, when an outcome is recorded, then TRIAL_NOT_RUNNING', () => {
    const closed = recordPlacementEnd(running(), { lastWorkedDay: '2026-03-10', reason: 'ended_early' });
    expect(() => closed && recordOutcome(closed, notConclusive, '2026-03-21', officer)).toThrow(
      expect.objectContaining({ code: 'TRIAL_NOT_RUNNING' }),
    );
  });
});
