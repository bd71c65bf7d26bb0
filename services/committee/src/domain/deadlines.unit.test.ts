import { describe, expect, it } from 'vitest';
import { deadlinesOf, inForceOn, isFlagged, type DeadlineSettings } from './deadlines.ts';

const platform: DeadlineSettings = {
  effectiveFrom: '2000-01-01',
  decisionDays: 30,
  notificationDays: 8,
  warningDays: 7,
};
const facts = (over: Partial<Parameters<typeof deadlinesOf>[0]> = {}) => ({
  requestedOn: '2026-03-01',
  requestSettings: platform,
  decidedOn: null,
  hostDeadline: null,
  signedDecisions: [],
  ...over,
});

describe('legal deadlines of an item', () => {
  it('given a request on 1 March, then the decision is due 31 March and is open on 1 March', () => {
    expect(deadlinesOf(facts(), '2026-03-01')).toEqual([
      { kind: 'decision', decisionId: null, dueOn: '2026-03-31', state: 'open', daysLeft: 30 },
    ]);
  });

  it('when the warning window starts, then the item is flagged; past the day it is overdue', () => {
    const near = deadlinesOf(facts(), '2026-03-24');
    expect(near[0]?.state).toBe('near');
    expect(isFlagged(near)).toBe(true);
    expect(deadlinesOf(facts(), '2026-04-01')[0]).toMatchObject({ state: 'overdue', daysLeft: -1 });
  });

  it('when decided in time, then it is met and no longer flagged; late, it is missed', () => {
    expect(deadlinesOf(facts({ decidedOn: '2026-03-30' }), '2026-04-10')[0]?.state).toBe('met');
    expect(deadlinesOf(facts({ decidedOn: '2026-04-02' }), '2026-04-10')[0]?.state).toBe('missed');
    expect(isFlagged(deadlinesOf(facts({ decidedOn: '2026-04-02' }), '2026-04-10'))).toBe(false);
  });

  it('given a signed decision, then its notification is due 8 days after the decision, by the settings of that day', () => {
    const decided = facts({
      decidedOn: '2026-03-20',
      signedDecisions: [
        {
          id: 'd-1',
          decidedOn: '2026-03-20',
          settings: { ...platform, notificationDays: 10 },
          notifiedOn: null,
        },
      ],
    });
    expect(deadlinesOf(decided, '2026-03-27')[1]).toEqual({
      kind: 'notification',
      decisionId: 'd-1',
      dueOn: '2026-03-30',
      state: 'near',
      daysLeft: 3,
    });
  });

  it('given a host deadline, then it is shown and flagged like the legal ones', () => {
    expect(deadlinesOf(facts({ hostDeadline: '2026-03-05' }), '2026-03-02')[1]).toMatchObject({
      kind: 'host',
      state: 'near',
    });
  });

  it('picks the CPAS’s own settings in force on the day, else the platform default', () => {
    const rows = [
      { ...platform, effectiveFrom: '2027-01-01', decisionDays: 20 },
      { ...platform, effectiveFrom: '2026-06-01', decisionDays: 25 },
      platform,
    ];
    expect(inForceOn(rows, '2026-07-01')?.decisionDays).toBe(25);
    expect(inForceOn(rows, '2026-01-01')?.decisionDays).toBe(30);
    expect(inForceOn(rows, '2027-02-01')?.decisionDays).toBe(20);
  });
});
