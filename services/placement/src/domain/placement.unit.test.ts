import { describe, expect, it } from 'vitest';
import { endPlacementAfterTrial, startPlacement, type Placement } from './placement.ts';

const command = {
  tenantId: '0190a000-0000-7000-8000-000000000001',
  personId: '0190a000-0000-7000-8000-000000000003',
  hostEmployerId: '0190a000-0000-7000-8000-000000000005',
  startDate: '2026-03-02',
};

describe('startPlacement', () => {
  it('given no running placement, when one starts, then it is started on the given day', () => {
    expect(startPlacement(command, undefined, 'p1')).toEqual({ ...command, id: 'p1', status: 'started' });
  });

  it('given a running placement of the person, when another starts, then it is refused', () => {
    const active = startPlacement(command, undefined, 'p1');
    expect(() => startPlacement({ ...command, startDate: '2026-05-01' }, active, 'p2')).toThrow(
      expect.objectContaining({ code: 'PERSON_ALREADY_PLACED', kind: 'conflict', field: 'personId' }),
    );
  });
});

describe('endPlacementAfterTrial', () => {
  const started: Placement = { ...command, id: 'p1', status: 'started' };

  it('given a started placement, when its trial ends early, then it ends on the last worked day', () => {
    expect(
      endPlacementAfterTrial(started, { lastWorkedDay: '2026-03-10', outcome: 'ended_early' }),
    ).toMatchObject({
      status: 'ended',
      endDate: '2026-03-10',
      endReason: 'trial_ended_early',
    });
  });

  it('given an ended placement, when the same trial end arrives again, then nothing changes', () => {
    const ended = endPlacementAfterTrial(started, { lastWorkedDay: '2026-03-10', outcome: 'not_conclusive' });
    expect(ended).toBeDefined();
    expect(
      endPlacementAfterTrial(ended as Placement, { lastWorkedDay: '2026-03-10', outcome: 'not_conclusive' }),
    ).toBeUndefined();
  });
});
