import { describe, expect, it } from 'vitest';
import { answers, host, officer, site, template, tenantId, TODAY } from './fixtures.test-support.ts';
import { recordReport } from './report.ts';
import { acknowledgeReport, cancelVisit, markVisitOverdue, rescheduleVisit, scheduleVisit } from './visit.ts';

const command = {
  tenantId,
  hostEmployerId: host.id,
  siteId: site.id,
  kind: 'pre_approval',
  scheduledFor: '2026-03-10',
  safetyOfficerId: officer.id,
} as const;
const scheduled = () => scheduleVisit(command, { host, site, today: TODAY }, officer, 'v1');
let n = 0;
const ids = () => `f${String((n += 1))}`;

describe('scheduling a visit', () => {
  it('given a known host and its site, when a safety officer schedules, then the visit is due on its day', () => {
    expect(scheduled()).toMatchObject({ status: 'scheduled', dueBy: '2026-03-10', version: 1 });
  });

  it.each([
    [{ ...command, scheduledFor: '2026-03-01' }, 'VISIT_DATE_IN_PAST', 'scheduledFor'],
    [{ ...command, siteId: 'other' }, 'SITE_NOT_OF_HOST', 'siteId'],
    [{ ...command, kind: 'post_accident' as const }, 'POST_ACCIDENT_VISIT_FROM_ACCIDENT', 'kind'],
  ])('given %o, when scheduled, then %s names %s', (cmd, code, field) => {
    const facts = { host, site: cmd.siteId === site.id ? site : undefined, today: TODAY };
    expect(() => scheduleVisit(cmd, facts, officer, 'v1')).toThrow(expect.objectContaining({ code, field }));
  });

  it.each(['placement_officer', 'cpas_admin'] as const)(
    'given a %s, when they schedule, then ROLE_NOT_ALLOWED (forbidden)',
    (role) => {
      expect(() => scheduleVisit(command, { host, site, today: TODAY }, { ...officer, role }, 'v')).toThrow(
        expect.objectContaining({ code: 'ROLE_NOT_ALLOWED', kind: 'forbidden' }),
      );
    },
  );
});

describe('rescheduling and cancelling', () => {
  it('given a scheduled visit, when moved, then its deadline moves with it and the version grows', () => {
    expect(
      rescheduleVisit(scheduled(), { scheduledFor: '2026-03-20', safetyOfficerId: null }, officer, TODAY),
    ).toMatchObject({
      scheduledFor: '2026-03-20',
      dueBy: '2026-03-20',
      safetyOfficerId: officer.id,
      version: 2,
    });
  });

  it('given a post-accident visit, when moved later, then its deadline stays', () => {
    const visit = { ...scheduled(), kind: 'post_accident' as const, dueBy: '2026-03-12' };
    expect(
      rescheduleVisit(visit, { scheduledFor: '2026-03-20', safetyOfficerId: null }, officer, TODAY).dueBy,
    ).toBe('2026-03-12');
  });

  it('given a post-accident visit, when cancelled, then it is refused', () => {
    expect(() => cancelVisit({ ...scheduled(), kind: 'post_accident' }, 'no time', officer)).toThrow(
      expect.objectContaining({ code: 'POST_ACCIDENT_VISIT_NOT_CANCELLABLE' }),
    );
  });

  it('given a cancelled visit, when rescheduled, then VISIT_TRANSITION_NOT_ALLOWED', () => {
    const cancelled = cancelVisit(scheduled(), 'host closed', officer);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'host closed' });
    expect(() =>
      rescheduleVisit(cancelled, { scheduledFor: '2026-04-01', safetyOfficerId: null }, officer, TODAY),
    ).toThrow(expect.objectContaining({ code: 'VISIT_TRANSITION_NOT_ALLOWED' }));
  });

  it('given a visit past its deadline, when the job looks, then it is flagged once', () => {
    const late = markVisitOverdue(scheduled(), '2026-03-11');
    expect(late?.overdueSince).toBe('2026-03-11');
    expect(late && markVisitOverdue(late, '2026-03-12')).toBeUndefined();
    expect(markVisitOverdue(scheduled(), '2026-03-10')).toBeUndefined();
  });
});

describe('reporting a visit', () => {
  const report = (over: Partial<Parameters<typeof recordReport>[1]> = {}) =>
    recordReport(
      scheduled(),
      { completedOn: TODAY, checklist: answers(), findings: [], summary: null, ...over },
      template,
      officer,
      TODAY,
      ids,
    );

  it('given every item compliant, when reported, then the visit is completed and favourable', () => {
    expect(report().visit).toMatchObject({
      status: 'completed',
      report: { outcome: 'favourable', templateId: 't1' },
    });
  });

  it('given a not-compliant item with its major finding, when reported, then the finding opens and the visit is unfavourable', () => {
    const done = report({
      checklist: answers(['same_rules_as_own_staff']),
      findings: [{ itemCode: 'same_rules_as_own_staff', severity: 'major', description: 'no safety shoes' }],
    });
    expect(done.visit.report.outcome).toBe('unfavourable');
    expect(done.findings).toEqual([
      expect.objectContaining({ status: 'open', severity: 'major', visitId: 'v1', hostEmployerId: host.id }),
    ]);
  });

  it.each([
    [{ checklist: answers().slice(1) }, 'CHECKLIST_INCOMPLETE', 'checklist'],
    [
      { checklist: [...answers(), { code: 'unknown_item', result: 'compliant' as const, note: null }] },
      'CHECKLIST_ITEM_UNKNOWN',
      'checklist.11.code',
    ],
    [{ checklist: answers(['working_hours']) }, 'FINDING_MISSING', 'findings'],
    [{ completedOn: '2026-03-03' }, 'VISIT_DATE_IN_FUTURE', 'completedOn'],
  ])('given %o, when reported, then %s names %s', (over, code, field) => {
    expect(() => report(over)).toThrow(expect.objectContaining({ code, field }));
  });

  it('given a completed visit, when the host acknowledges, then once only and not before the visit', () => {
    const { visit } = report();
    const ack = { acknowledgedOn: TODAY, byFunction: 'directeur', comment: null };
    const acknowledged = acknowledgeReport(visit, ack, officer, TODAY);
    expect(acknowledged.acknowledgement).toEqual(ack);
    expect(() => acknowledgeReport(acknowledged, ack, officer, TODAY)).toThrow(
      expect.objectContaining({ code: 'REPORT_ALREADY_ACKNOWLEDGED' }),
    );
    expect(() => acknowledgeReport(visit, { ...ack, acknowledgedOn: '2026-03-01' }, officer, TODAY)).toThrow(
      expect.objectContaining({ field: 'acknowledgedOn' }),
    );
  });
});
