import { describe, expect, it } from 'vitest';
import { scheduleVisit } from './prevention-visit.ts';

const command = {
  tenantId: '0190a000-0000-7000-8000-000000000001',
  hostEmployerId: '0190a000-0000-7000-8000-000000000005',
  kind: 'pre_approval',
  scheduledFor: '2026-12-01',
  safetyOfficerId: '0190a000-0000-7000-8000-000000000009',
} as const;

describe('scheduleVisit', () => {
  it('given a future day, when a pre-approval visit is scheduled, then it is scheduled', () => {
    expect(scheduleVisit(command, '2026-11-24', 'v1')).toEqual({ ...command, id: 'v1', status: 'scheduled' });
  });

  it('given today, when a visit is scheduled for today, then it is accepted', () => {
    expect(scheduleVisit({ ...command, scheduledFor: '2026-11-24' }, '2026-11-24', 'v1').status).toBe(
      'scheduled',
    );
  });

  it('given a past day, when a visit is scheduled, then it is refused on that field', () => {
    expect(() => scheduleVisit({ ...command, scheduledFor: '2026-11-23' }, '2026-11-24', 'v1')).toThrow(
      expect.objectContaining({ code: 'VISIT_DATE_IN_PAST', field: 'scheduledFor' }),
    );
  });
});
