import { describe, expect, it } from 'vitest';
import type { NoticeContent } from './notices.ts';
import { caseKey, nextRoundDue, reminderFor } from './reminders.ts';

const at = new Date('2026-03-02T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ids = {
  personId: '0190a000-0000-7000-8000-000000000001',
  placementId: '0190a000-0000-7000-8000-000000000002',
  trialPeriodId: '0190a000-0000-7000-8000-000000000003',
  checkInId: '0190a000-0000-7000-8000-000000000004',
  hostEmployerId: '0190a000-0000-7000-8000-000000000005',
  visitId: '0190a000-0000-7000-8000-000000000006',
};

describe('reminders', () => {
  it('given a late check-in, reminds the officers two days later until it is held, the trial or the placement ends', () => {
    const content: NoticeContent = {
      kind: 'check_in_overdue',
      subject: {
        personId: ids.personId,
        placementId: ids.placementId,
        trialPeriodId: ids.trialPeriodId,
        checkInId: ids.checkInId,
      },
      params: { sequence: 2, dueOn: '2026-02-27' },
    };
    const plan = reminderFor(content, at);
    expect(plan?.firstDue).toEqual(new Date(at.getTime() + 2 * DAY));
    expect(plan?.closingKeys).toEqual([
      caseKey.checkInHeld(ids.checkInId),
      caseKey.trialPeriod(ids.trialPeriodId),
      caseKey.placement(ids.placementId),
    ]);
  });

  it('given an outcome check due after a placement, reminds the officers weekly, three times, until its situation is recorded', () => {
    const checkId = '0190a000-0000-7000-8000-000000000009';
    const plan = reminderFor(
      {
        kind: 'outcome_check_due',
        subject: { personId: ids.personId, placementId: ids.placementId, checkId },
        params: { monthsAfterEnd: 3, lastWorkedDay: '2025-11-28', dueOn: '2026-02-28' },
      },
      at,
    );
    expect(plan).toEqual({
      policy: expect.objectContaining({ everyMs: 7 * DAY, rounds: 3 }),
      firstDue: new Date(at.getTime() + 7 * DAY),
      // Never the placement's key: the placement has ended (that closed case must not stop it).
      closingKeys: [caseKey.outcomeRecorded(checkId)],
    });
  });

  it('given aid at risk, reminds the social workers a day later until all its requests are closed or the placement ends', () => {
    const content: NoticeContent = {
      kind: 'aid_at_risk',
      subject: {
        personId: ids.personId,
        placementId: ids.placementId,
        alertId: ids.visitId,
        aidRequestIds: [ids.checkInId],
      },
      params: { suspensionFrom: '2026-03-02', aidKinds: ['rental_guarantee'], count: 1 },
    };
    const plan = reminderFor(content, at);
    expect(plan?.firstDue).toEqual(new Date(at.getTime() + DAY));
    expect(plan?.closingKeys).toEqual([caseKey.aidAtRisk(ids.visitId), caseKey.placement(ids.placementId)]);
  });

  it('given a work accident, reminds from the morning the post-accident visit is due, or within the hour if that is past', () => {
    const accident = (dueBy: string): NoticeContent => ({
      kind: 'work_accident',
      subject: {
        accidentId: ids.checkInId,
        placementId: ids.placementId,
        hostEmployerId: ids.hostEmployerId,
        postAccidentVisitId: ids.visitId,
      },
      params: { occurredOn: '2026-03-01', severity: 'severe', postAccidentVisitDueBy: dueBy, hostName: null },
    });
    expect(reminderFor(accident('2026-03-09'), at)?.firstDue).toEqual(new Date('2026-03-09T07:00:00.000Z'));
    expect(reminderFor(accident('2026-03-01'), at)?.firstDue).toEqual(
      new Date(at.getTime() + 60 * 60 * 1000),
    );
    expect(reminderFor(accident('2026-03-09'), at)?.closingKeys).toEqual([
      caseKey.visitAssessed(ids.visitId),
    ]);
  });

  it('gives no reminder for what is only information (a suspension, a decision)', () => {
    expect(
      reminderFor(
        {
          kind: 'income_suspended',
          subject: { personId: ids.personId, placementId: ids.placementId },
          params: { suspendedFrom: '2026-03-02', paidThrough: '2026-03-01' },
        },
        at,
      ),
    ).toBeNull();
  });

  it('schedules each round after the previous one until the last', () => {
    const policy = { everyMs: DAY, rounds: 3 };
    expect(nextRoundDue(policy, 1, at)).toEqual(new Date(at.getTime() + DAY));
    expect(nextRoundDue(policy, 2, at)).toEqual(new Date(at.getTime() + DAY));
    expect(nextRoundDue(policy, 3, at)).toBeNull();
  });
});
