import { describe, expect, it } from 'vitest';
import type { EngagementProposal } from './engagement.ts';
import { endPlacement, scheduleContract, startContract, type Placement } from './placement.ts';

const proposal: EngagementProposal = {
  id: 'pr1',
  tenantId: 't1',
  shortlistId: 's1',
  positionId: 'pos1',
  candidateId: 'c1',
  hostEmployerId: 'h1',
  startDate: '2026-03-02',
  endDate: '2027-02-28',
  weeklyHours: 38,
  payScale: 'E2',
  hostDeadline: '2026-03-15',
  status: 'approved',
  committeeDecisionId: 'd1',
  decidedOn: '2026-02-20',
  createdBy: 'u1',
};

describe('contracts', () => {
  it('given an approved proposal, when scheduled, then the contract waits for its start date', () => {
    expect(scheduleContract(proposal, 'p1')).toMatchObject({
      id: 'p1',
      personId: 'c1',
      status: 'scheduled',
      plannedEndDate: '2027-02-28',
    });
  });

  it('given a proposal still awaiting the committee, when scheduled, then it is refused', () => {
    expect(() => scheduleContract({ ...proposal, status: 'awaiting_committee' }, 'p1')).toThrow(
      expect.objectContaining({ code: 'PROPOSAL_NOT_APPROVED' }),
    );
  });

  it('given a scheduled contract, when its first day comes, then it starts — and not a day before', () => {
    const scheduled = scheduleContract(proposal, 'p1');
    expect(startContract(scheduled, '2026-03-01')).toBeUndefined();
    expect(startContract(scheduled, '2026-03-02')?.status).toBe('started');
  });

  it('given a started placement, when its trial ends early, then it ends on the last worked day', () => {
    const started = startContract(scheduleContract(proposal, 'p1'), '2026-03-02') as Placement;
    expect(endPlacement(started, { lastWorkedDay: '2026-03-10', reason: 'trial_ended_early' })).toMatchObject(
      {
        status: 'ended',
        endDate: '2026-03-10',
        endReason: 'trial_ended_early',
      },
    );
  });

  it('given an ended placement, when the same end arrives again, then nothing changes', () => {
    const started = startContract(scheduleContract(proposal, 'p1'), '2026-03-02') as Placement;
    const ended = endPlacement(started, {
      lastWorkedDay: '2026-03-10',
      reason: 'trial_not_conclusive',
    }) as Placement;
    expect(
      endPlacement(ended, { lastWorkedDay: '2026-03-10', reason: 'trial_not_conclusive' }),
    ).toBeUndefined();
  });

  it('given a scheduled contract, when an end arrives, then it is refused (it never started)', () => {
    expect(() =>
      endPlacement(scheduleContract(proposal, 'p1'), { lastWorkedDay: '2026-03-10', reason: 'ended_early' }),
    ).toThrow(expect.objectContaining({ code: 'PLACEMENT_NOT_STARTED' }));
  });
});
