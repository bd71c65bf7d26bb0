import { describe, expect, it } from 'vitest';
import { reportAccident } from './accident.ts';
import { accidentRate, weekdaysBetween } from './accident-rates.ts';
import { host, officer, site, tenantId, TODAY } from './fixtures.test-support.ts';

const placement = {
  id: 'p1',
  tenantId,
  personId: 'w1',
  hostEmployerId: host.id,
  startDate: '2026-01-05',
  lastWorkedDay: null,
};
const command = {
  tenantId,
  placementId: 'p1',
  siteId: site.id,
  occurredOn: '2026-02-27',
  description: 'fall from a ladder',
  severity: 'severe' as const,
  daysLost: 12,
  declaredToInsurer: true,
};
const facts = { placement, host, site, today: TODAY, postAccidentDueDays: 10 };

describe('reporting a work accident', () => {
  it('given a placement at the host, when reported, then the post-accident visit is due within the setting', () => {
    const { accident, visit } = reportAccident(command, facts, officer, { accident: 'a1', visit: 'v1' });
    expect(accident).toMatchObject({ personId: 'w1', hostEmployerId: host.id, postAccidentVisitId: 'v1' });
    expect(visit).toMatchObject({
      kind: 'post_accident',
      dueBy: '2026-03-09',
      scheduledFor: '2026-03-09',
      accidentId: 'a1',
      safetyOfficerId: officer.id,
    });
  });

  it('given an accident reported late, when the deadline already passed, then the visit is scheduled today and due as set', () => {
    const { visit } = reportAccident({ ...command, occurredOn: '2026-02-10' }, facts, officer, {
      accident: 'a1',
      visit: 'v1',
    });
    expect(visit).toMatchObject({ dueBy: '2026-02-20', scheduledFor: TODAY });
  });

  it('given a placement officer with no officer assigned to the host, then the visit waits for an officer', () => {
    const { visit } = reportAccident(
      command,
      facts,
      { id: 'po', role: 'placement_officer' },
      { accident: 'a', visit: 'v' },
    );
    expect(visit.safetyOfficerId).toBeNull();
  });

  it.each([
    [{ ...facts, placement: undefined }, command, 'PLACEMENT_UNKNOWN', 'placementId'],
    [{ ...facts, site: { ...site, hostEmployerId: 'other' } }, command, 'SITE_NOT_OF_HOST', 'siteId'],
    [facts, { ...command, occurredOn: '2026-03-03' }, 'ACCIDENT_DATE_IN_FUTURE', 'occurredOn'],
    [facts, { ...command, occurredOn: '2026-01-02' }, 'ACCIDENT_OUTSIDE_PLACEMENT', 'occurredOn'],
  ])('given %o, when reported, then %s', (given, cmd, code, field) => {
    expect(() => reportAccident(cmd, given, officer, { accident: 'a', visit: 'v' })).toThrow(
      expect.objectContaining({ code, field }),
    );
  });

  it.each(['social_worker', 'cpas_admin'] as const)(
    'given a %s, when they report, then ROLE_NOT_ALLOWED',
    (role) => {
      expect(() => reportAccident(command, facts, { id: 'x', role }, { accident: 'a', visit: 'v' })).toThrow(
        expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }),
      );
    },
  );
});

describe('accident rates', () => {
  it('counts weekdays only (2 March 2026 is a Monday)', () => {
    expect(weekdaysBetween('2026-03-02', '2026-03-08')).toBe(5);
    expect(weekdaysBetween('2026-03-07', '2026-03-08')).toBe(0);
    expect(weekdaysBetween('2026-03-02', '2026-03-31')).toBe(22);
  });

  it('given two placements and one accident in March, then 50 per 100 placements and per 1,000 worked days', () => {
    const rate = accidentRate(
      [
        { startDate: '2026-01-01', lastWorkedDay: null },
        { startDate: '2026-03-16', lastWorkedDay: '2026-03-20' },
        { startDate: '2026-04-01', lastWorkedDay: null },
      ],
      [
        { occurredOn: '2026-03-17', severity: 'severe' },
        { occurredOn: '2026-04-02', severity: 'minor' },
      ],
      { from: '2026-03-01', to: '2026-03-31' },
    );
    expect(rate).toEqual({
      placements: 2,
      workedDays: 27,
      accidents: 1,
      severeAccidents: 1,
      per100Placements: 50,
      per1000WorkedDays: 37.04,
    });
  });

  it('given no placement, then the rates are null, not a division by zero', () => {
    expect(accidentRate([], [], { from: '2026-03-01', to: '2026-03-31' })).toMatchObject({
      per100Placements: null,
      per1000WorkedDays: null,
    });
  });
});
