import { describe, expect, it } from 'vitest';
import { personStory, type PersonRecords } from './person-story.ts';

const none: PersonRecords = {
  candidate: null,
  history: [],
  placements: [],
  trials: [],
  timeline: [],
  followUps: [],
  coverage: null,
  decisions: [],
};

describe('a person’s single timeline', () => {
  it('given records of several services, then one story, newest first, each moment with its source', () => {
    const story = personStory({
      ...none,
      history: [
        {
          from: null,
          to: 'referred',
          reason: 'referral',
          actorRole: 'social_worker',
          at: '2026-01-05T09:00:00Z',
        },
      ],
      trials: [
        {
          id: 't',
          placementId: 'p',
          personId: 'x',
          startDate: '2026-02-02',
          plannedEndDate: '2026-03-01',
          lengthDays: 28,
          status: 'ended',
          outcome: 'not_conclusive',
          lastWorkedDay: '2026-02-20',
          reasonCode: 'health',
          decidedOn: '2026-02-20',
        },
      ],
      timeline: [
        {
          id: 'e',
          kind: 'income_reopened',
          effectiveOn: '2026-02-21',
          details: { effectiveFrom: '2026-02-21' },
          recordedAt: '2026-02-20T10:00:00Z',
        },
        {
          id: 'g',
          kind: 'coverage_gap_detected',
          effectiveOn: '2026-02-01',
          details: { from: '2026-02-01', to: '2026-02-01' },
          recordedAt: '2026-02-02T10:00:00Z',
        },
      ],
    });
    expect(story.map((m) => [m.day, m.source, m.kind])).toEqual([
      ['2026-02-21', 'income', 'income_reopened'],
      ['2026-02-20', 'trial', 'trial_not_conclusive'],
      ['2026-02-02', 'trial', 'trial_started'],
      ['2026-02-01', 'income', 'coverage_gap_detected'],
      ['2026-01-05', 'placement', 'referred'],
    ]);
    expect(story.filter((m) => m.alert).map((m) => m.kind)).toEqual(['coverage_gap_detected']);
  });

  it('given a refused committee decision, then it is a moment not to miss', () => {
    const story = personStory({
      ...none,
      decisions: [
        {
          id: 'd',
          subjectKind: 'income_reopening',
          outcome: 'refused',
          decidedOn: '2026-03-01',
          signedAt: null,
        },
      ],
    });
    expect(story).toEqual([
      expect.objectContaining({
        source: 'committee',
        kind: 'decision',
        alert: true,
        params: { subject: 'income_reopening', outcome: 'refused' },
      }),
    ]);
  });
});
