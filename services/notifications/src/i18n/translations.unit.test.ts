import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../domain/languages.ts';
import { WORDED_FOR, type NoticeContent } from '../domain/notices.ts';
import { NAMESPACES, readLocale, translator } from './translator.ts';
import { renderNotice } from './render-notice.ts';

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** One example of every kind, for rendering every kind × role × language. */
const EXAMPLES: Record<NoticeContent['kind'], NoticeContent> = {
  income_suspended: {
    kind: 'income_suspended',
    subject: { personId: id(1), placementId: id(2) },
    params: { suspendedFrom: '2026-03-02', paidThrough: '2026-03-01' },
  },
  income_reopened: {
    kind: 'income_reopened',
    subject: { personId: id(1), placementId: id(2), reopeningId: id(3) },
    params: { effectiveFrom: '2026-03-21', cause: 'trial_not_conclusive' },
  },
  aid_at_risk: {
    kind: 'aid_at_risk',
    subject: { personId: id(1), placementId: id(2), alertId: id(3), aidRequestIds: [id(7), id(8)] },
    params: { suspensionFrom: '2026-03-02', aidKinds: ['rental_guarantee', 'energy_aid'], count: 2 },
  },
  committee_decision: {
    kind: 'committee_decision',
    subject: { decisionId: id(4), subjectKind: 'income_reopening', subjectId: id(3), personId: id(1) },
    params: { subjectKind: 'income_reopening', outcome: 'approved', decidedOn: '2026-03-24' },
  },
  placement_started: {
    kind: 'placement_started',
    subject: { personId: id(1), placementId: id(2), hostEmployerId: id(5), sheetId: id(6) },
    params: { startDate: '2026-03-02', hostName: 'Asbl Les Jardins' },
  },
  check_in_overdue: {
    kind: 'check_in_overdue',
    subject: { personId: id(1), placementId: id(2), trialPeriodId: id(7), checkInId: id(8) },
    params: { sequence: 2, dueOn: '2026-03-09' },
  },
  outcome_check_due: {
    kind: 'outcome_check_due',
    subject: { personId: id(1), placementId: id(2), checkId: id(9) },
    params: { monthsAfterEnd: 6, lastWorkedDay: '2026-08-31', dueOn: '2027-02-28' },
  },
  host_blocked_placements: {
    kind: 'host_blocked_placements',
    subject: { hostEmployerId: id(5), placementIds: [id(2)] },
    params: { blockedOn: '2026-03-10', count: 1, hostName: null },
  },
  work_accident: {
    kind: 'work_accident',
    subject: { accidentId: id(9), placementId: id(2), hostEmployerId: id(5), postAccidentVisitId: id(10) },
    params: {
      occurredOn: '2026-03-10',
      severity: 'severe',
      postAccidentVisitDueBy: '2026-03-17',
      hostName: null,
    },
  },
  host_safety_status_changed: {
    kind: 'host_safety_status_changed',
    subject: { hostEmployerId: id(5), visitId: null },
    params: { safetyStatus: 'blocked', assessedOn: '2026-03-10', hostName: 'Asbl Les Jardins' },
  },
};

const shape = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(shape)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([key]) => !key.startsWith('_'))
            .map(([key, inner]) => [key, shape(inner)]),
        )
      : typeof value;

describe('the wording of notifications', () => {
  it('has a title and a body for every kind and role, in French and in Dutch, with every placeholder filled', () => {
    for (const [kind, roles] of Object.entries(WORDED_FOR))
      for (const role of roles)
        for (const language of LANGUAGES) {
          const content = EXAMPLES[kind as NoticeContent['kind']];
          const { title, body } = renderNotice(translator(), language, {
            content,
            role,
            reminderRound: null,
          });
          for (const text of [title, body]) {
            expect(text, `${kind}.${role} in ${language}`).not.toMatch(/{{|}}|\.title$|\.body$|values\./);
            expect(text.length).toBeGreaterThan(10);
          }
        }
  });

  it('writes days, codes and lists in the reader’s language, with plurals', () => {
    const fr = renderNotice(translator(), 'fr-BE', {
      content: EXAMPLES.aid_at_risk,
      role: 'social_worker',
      reminderRound: null,
    });
    expect(fr.body).toBe(
      "2 demandes d'aide en attente (garantie locative et aide énergie) dépendent du revenu d'intégration, qui sera suspendu à partir du 2 mars 2026 : décidez-les avant la suspension.",
    );
    const nl = renderNotice(translator(), 'nl-BE', {
      content: EXAMPLES.income_suspended,
      role: 'social_worker',
      reminderRound: 2,
    });
    expect(nl.title).toBe('Herinnering 2: Leefloon geschorst');
    expect(nl.body).toContain('vanaf 2 maart 2026');
  });

  it('words a decision for the role that reads it', () => {
    const worded = (role: 'social_worker' | 'placement_officer') =>
      renderNotice(translator(), 'fr-BE', { content: EXAMPLES.committee_decision, role, reminderRound: null })
        .body;
    expect(worded('social_worker')).not.toBe(worded('placement_officer'));
    expect(worded('social_worker')).toContain('réouverture du revenu d’intégration'.replace('’', "'"));
  });

  it('keeps French and Dutch files of the same shape, and marks the sheet for the legal service', () => {
    for (const namespace of NAMESPACES)
      expect(shape(readLocale('nl-BE', namespace)), namespace).toEqual(shape(readLocale('fr-BE', namespace)));
    for (const language of LANGUAGES)
      expect(readLocale(language, 'information-sheet')).toMatchObject({
        _legalReview: expect.stringMatching(/SERVICE JURIDIQUE|JURIDISCHE DIENST/),
      });
  });
});
