import { describe, expect, it } from 'vitest';
import { acknowledge } from './acknowledgement.ts';

const item = { id: '0190a000-0000-7000-8000-000000000001', role: 'social_worker', acknowledgedBy: null };
const anna = { userId: '0190a000-0000-7000-8000-00000000000a', roles: ['social_worker'] };
const bert = { userId: '0190a000-0000-7000-8000-00000000000b', roles: ['social_worker'] };

describe('taking a team item', () => {
  it('given an item nobody took, any member of the team takes it', () => {
    expect(acknowledge(item, anna)).toBe('acknowledge');
  });

  it('given an item a colleague took, refuses to take it over and says it is taken', () => {
    expect(() => acknowledge({ ...item, acknowledgedBy: anna.userId }, bert)).toThrow(
      expect.objectContaining({ code: 'NOTIFICATION_ALREADY_ACKNOWLEDGED', kind: 'conflict' }),
    );
  });

  it('given an item one took oneself, taking it again changes nothing', () => {
    expect(acknowledge({ ...item, acknowledgedBy: anna.userId }, anna)).toBe('unchanged');
  });

  it('refuses a member of another team (a placement officer cannot take a social-work item)', () => {
    expect(() => acknowledge(item, { userId: bert.userId, roles: ['placement_officer'] })).toThrow(
      expect.objectContaining({ code: 'NOT_IN_TEAM_QUEUE' }),
    );
  });
});
