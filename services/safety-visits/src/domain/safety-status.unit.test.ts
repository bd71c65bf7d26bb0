import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportAccident, type WorkAccident } from './accident.ts';
import { addDays } from './days.ts';
import {
  closeCorrectiveAction,
  openCorrectiveAction,
  type CorrectiveAction,
  type Finding,
  type FindingSeverity,
} from './findings.ts';
import { answers, host, officer, site, template, tenantId, TODAY } from './fixtures.test-support.ts';
import type { SafetyStatus } from './model.ts';
import { recordReport } from './report.ts';
import { deriveSafetyStatus, type SafetyFacts } from './safety-status.ts';
import { scheduleVisit, type PreventionVisit, type VisitKind } from './visit.ts';

const INTERVAL = 365;
const derive = (facts: Partial<SafetyFacts>, today = TODAY, previous: SafetyStatus = 'not_assessed') =>
  deriveSafetyStatus(
    { visits: [], findings: [], actions: [], accidents: [], ...facts },
    { today, periodicIntervalDays: INTERVAL, previous },
  );
const visit = (id: string, kind: VisitKind, completedOn: string | null, dueBy = TODAY) => ({
  id,
  kind,
  status: completedOn ? ('completed' as const) : ('scheduled' as const),
  completedOn,
  dueBy,
});
const finding = (
  id: string,
  visitId: string,
  severity: FindingSeverity,
  status: 'open' | 'closed' = 'open',
) => ({ id, visitId, severity, status });

describe('deriving a host safety status', () => {
  it('given no visit, then not assessed, waiting for the pre-approval visit', () => {
    expect(derive({})).toMatchObject({
      status: 'not_assessed',
      reasonCode: 'pre_approval_visit_pending',
      nextPeriodicDue: null,
    });
  });

  it('given a favourable pre-approval visit, then cleared for the first time, the next periodic visit due a year later', () => {
    expect(derive({ visits: [visit('v1', 'pre_approval', '2026-03-01')] })).toEqual({
      status: 'cleared',
      reasonCode: 'pre_approval_visit_favourable',
      visitId: 'v1',
      nextPeriodicDue: '2027-03-01',
    });
  });

  it('given a pre-approval visit with an open major finding, then still not assessed; once closed, cleared', () => {
    const visits = [visit('v1', 'pre_approval', '2026-03-01')];
    expect(derive({ visits, findings: [finding('f1', 'v1', 'major')] }).reasonCode).toBe(
      'pre_approval_findings_open',
    );
    expect(derive({ visits, findings: [finding('f1', 'v1', 'major', 'closed')] }).status).toBe('cleared');
  });

  it('given an open minor finding, then cleared with conditions', () => {
    const visits = [visit('v1', 'pre_approval', '2026-03-01')];
    expect(derive({ visits, findings: [finding('f1', 'v1', 'minor')] }, TODAY, 'cleared').status).toBe(
      'cleared_with_conditions',
    );
  });

  it('given an open critical finding on a periodic visit, then blocked', () => {
    const visits = [visit('v1', 'pre_approval', '2025-06-01'), visit('v2', 'periodic', '2026-03-01')];
    expect(derive({ visits, findings: [finding('f1', 'v2', 'critical')] }, TODAY, 'cleared')).toMatchObject({
      status: 'blocked',
      reasonCode: 'critical_finding',
      visitId: 'v2',
    });
  });

  it('given a severe accident whose visit is pending, then blocked; once the visit is done, cleared again', () => {
    const accidents = [{ severity: 'severe', postAccidentVisitId: 'v2' }];
    const cleared = visit('v1', 'pre_approval', '2026-01-10');
    expect(
      derive(
        { visits: [cleared, visit('v2', 'post_accident', null, '2026-03-12')], accidents },
        TODAY,
        'cleared',
      ).reasonCode,
    ).toBe('severe_accident_pending_visit');
    expect(
      derive({ visits: [cleared, visit('v2', 'post_accident', '2026-03-02')], accidents }, TODAY, 'blocked'),
    ).toMatchObject({
      status: 'cleared',
      reasonCode: 'safety_conditions_met',
    });
  });

  it('given the periodic interval passed, then the visit is overdue', () => {
    expect(derive({ visits: [visit('v1', 'pre_approval', '2025-03-01')] }, TODAY, 'cleared')).toMatchObject({
      status: 'visit_overdue',
      reasonCode: 'periodic_visit_overdue',
      nextPeriodicDue: '2026-03-01',
    });
  });

  it('given a moderate accident whose visit is past its deadline, then the visit is overdue, not blocked', () => {
    const visits = [
      visit('v1', 'pre_approval', '2026-01-10'),
      visit('v2', 'post_accident', null, '2026-03-01'),
    ];
    expect(
      derive({ visits, accidents: [{ severity: 'moderate', postAccidentVisitId: 'v2' }] }, TODAY, 'cleared')
        .reasonCode,
    ).toBe('post_accident_visit_overdue');
  });
});

/** A small in-memory host driven through the deciders, to check the derivation against any sequence. */
interface Model {
  visits: PreventionVisit[];
  findings: Finding[];
  actions: CorrectiveAction[];
  accidents: WorkAccident[];
  today: string;
  status: SafetyStatus;
}

type Step =
  | { kind: 'visit'; visitKind: 'pre_approval' | 'periodic' | 'on_request'; severities: FindingSeverity[] }
  | { kind: 'reportDue'; pick: number; severities: FindingSeverity[] }
  | { kind: 'openAction'; pick: number; days: number }
  | { kind: 'closeAction'; pick: number }
  | { kind: 'accident'; severity: 'minor' | 'moderate' | 'severe' }
  | { kind: 'days'; n: number };

const severities = fc.array(fc.constantFrom<FindingSeverity>('minor', 'major', 'critical'), { maxLength: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('visit' as const),
    visitKind: fc.constantFrom('pre_approval' as const, 'periodic' as const, 'on_request' as const),
    severities,
  }),
  fc.record({ kind: fc.constant('reportDue' as const), pick: fc.nat(), severities }),
  fc.record({
    kind: fc.constant('openAction' as const),
    pick: fc.nat(),
    days: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({ kind: fc.constant('closeAction' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('accident' as const),
    severity: fc.constantFrom('minor' as const, 'moderate' as const, 'severe' as const),
  }),
  fc.record({ kind: fc.constant('days' as const), n: fc.integer({ min: 1, max: 200 }) }),
);

let seq = 0;
const id = () => `id-${String((seq += 1))}`;
const placement = {
  id: 'p1',
  tenantId,
  personId: 'w1',
  hostEmployerId: host.id,
  startDate: '2026-01-01',
  lastWorkedDay: null,
};

const report = (m: Model, v: PreventionVisit, found: FindingSeverity[]) => {
  const done = recordReport(
    v,
    {
      completedOn: m.today,
      checklist: answers(),
      findings: found.map((severity) => ({ itemCode: null, severity, description: 'x' })),
      summary: null,
    },
    template,
    officer,
    m.today,
    id,
  );
  m.visits = m.visits.map((x) => (x.id === v.id ? done.visit : x));
  m.findings.push(...done.findings);
};

const apply = (m: Model, s: Step): void => {
  switch (s.kind) {
    case 'visit': {
      const v = scheduleVisit(
        {
          tenantId,
          hostEmployerId: host.id,
          siteId: site.id,
          kind: s.visitKind,
          scheduledFor: m.today,
          safetyOfficerId: officer.id,
        },
        { host, site, today: m.today },
        officer,
        id(),
      );
      m.visits.push(v);
      report(m, v, s.severities);
      return;
    }
    case 'reportDue': {
      const due = m.visits.filter((v) => v.status === 'scheduled');
      const v = due[s.pick % Math.max(1, due.length)];
      if (v) report(m, v, s.severities);
      return;
    }
    case 'openAction': {
      const open = m.findings.filter((f) => f.status === 'open');
      const f = open[s.pick % Math.max(1, open.length)];
      if (f)
        m.actions.push(
          openCorrectiveAction(
            f,
            { description: 'fix', owner: 'host', deadline: addDays(m.today, s.days) },
            officer,
            m.today,
            id(),
          ),
        );
      return;
    }
    case 'closeAction': {
      const open = m.actions.filter((a) => a.status === 'open');
      const a = open[s.pick % Math.max(1, open.length)];
      const f = a && m.findings.find((x) => x.id === a.findingId);
      if (!a || !f) return;
      const done = closeCorrectiveAction(
        a,
        f,
        m.actions.filter((x) => x.findingId === f.id),
        'evidence',
        officer,
        m.today,
      );
      m.actions = m.actions.map((x) => (x.id === a.id ? done.action : x));
      m.findings = m.findings.map((x) => (x.id === f.id ? done.finding : x));
      return;
    }
    case 'accident': {
      const done = reportAccident(
        {
          tenantId,
          placementId: placement.id,
          siteId: site.id,
          occurredOn: m.today,
          description: 'fall',
          severity: s.severity,
          daysLost: 3,
          declaredToInsurer: true,
        },
        { placement, host, site, today: m.today, postAccidentDueDays: 10 },
        officer,
        { accident: id(), visit: id() },
      );
      m.accidents.push(done.accident);
      m.visits.push(done.visit);
      return;
    }
    case 'days':
      m.today = addDays(m.today, s.n);
      return;
    default:
      s satisfies never;
  }
};

const statusOf = (m: Model) =>
  deriveSafetyStatus(
    {
      visits: m.visits.map((v) => ({
        ...v,
        completedOn: v.status === 'completed' ? v.report.completedOn : null,
      })),
      findings: m.findings,
      actions: m.actions,
      accidents: m.accidents,
    },
    { today: m.today, periodicIntervalDays: INTERVAL, previous: m.status },
  );

describe('the safety status over any sequence of visits, actions, accidents and days (property)', () => {
  it('never leaves a host cleared (with or without conditions) while it has an open critical finding or a severe accident awaiting its visit', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const m: Model = {
          visits: [],
          findings: [],
          actions: [],
          accidents: [],
          today: '2026-01-05',
          status: 'not_assessed',
        };
        for (const s of steps) {
          apply(m, s);
          const derived = statusOf(m);
          m.status = derived.status;
          const openCritical = m.findings.some((f) => f.status === 'open' && f.severity === 'critical');
          const severePending = m.accidents.some(
            (a) =>
              a.severity === 'severe' &&
              m.visits.find((v) => v.id === a.postAccidentVisitId)?.status !== 'completed',
          );
          if (openCritical || severePending) expect(derived.status).toBe('blocked');
          if (derived.status === 'cleared') {
            expect(m.findings.filter((f) => f.status === 'open')).toEqual([]);
            expect(m.actions.filter((a) => a.status === 'open')).toEqual([]);
          }
          // A finding is never closed while one of its actions is open.
          for (const f of m.findings.filter((x) => x.status === 'closed'))
            expect(m.actions.some((a) => a.findingId === f.id && a.status === 'open')).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
