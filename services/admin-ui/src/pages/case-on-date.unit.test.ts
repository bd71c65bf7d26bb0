import { aidKind, coverageChangeKind } from '@relais/contracts';
import { ROLES } from '@relais/service-kit';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
// The statistics service's own access rule and answer schema: the page must follow both.
import { access } from '../../../statistics/src/http/access.ts';
import { caseSchema } from '../../../statistics/src/http/schemas.ts';
import { caseOnDateLink, caseView, type CaseOnDate } from './case-on-date.ts';
import { createTranslations, LOCALES } from './i18n.ts';

const HOST = '0190d000-0000-7000-8000-0000000000a1';
const OTHER_HOST = '0190d000-0000-7000-8000-0000000000a2';
const PERSON = '0190d000-0000-7000-8000-0000000000b1';

/** The page's type must take whatever the service's schema lets it answer. */
const answered = (answer: z.infer<typeof caseSchema>): CaseOnDate => answer;

/** A case as the statistics service answers it on 15 March 2026 (checked against its schema). */
const aCase = (change: Partial<z.input<typeof caseSchema>> = {}): CaseOnDate =>
  answered(
    caseSchema.parse({
      personId: PERSON,
      date: '2026-03-15',
      placements: [],
      hostChoices: [],
      proposals: [],
      coverage: [],
      aidRequests: [],
      committeeDecisions: [],
      entries: [{ occurredAt: '2026-02-16T10:00:00Z', type: 'HostChoiceRecorded', data: {} }],
      ...change,
    }),
  );

describe('a person’s case on a date, as the page shows it', () => {
  it('given host choices and proposals, then the steps in date order, each choice proposed or its deadline passed, each proposal against the deadline', () => {
    const view = caseView(
      aCase({
        hostChoices: [
          { chosenOn: '2026-02-16', hostEmployerId: HOST, hostDeadline: '2026-03-15' },
          { chosenOn: '2026-01-05', hostEmployerId: OTHER_HOST, hostDeadline: '2026-02-01' },
          { chosenOn: '2026-03-10', hostEmployerId: OTHER_HOST, hostDeadline: null },
        ],
        proposals: [
          {
            proposalId: 'q1',
            proposedOn: '2026-02-20',
            hostEmployerId: HOST,
            startDate: '2026-03-20',
            hostDeadline: '2026-03-15',
          },
        ],
      }),
      new Map([[HOST, 'Asbl Les Jardins']]),
    );
    expect(view.hiring.map((s) => [s.day, s.kind, s.state, s.proposedOn])).toEqual([
      ['2026-01-05', 'host_choice', 'deadline_passed', null],
      ['2026-02-16', 'host_choice', 'proposed', '2026-02-20'],
      ['2026-02-20', 'proposal', 'start_after_deadline', null],
      ['2026-03-10', 'host_choice', 'waiting', null],
    ]);
    expect(view.host(HOST)).toBe('Asbl Les Jardins');
    expect(view.host(OTHER_HOST)).toBeNull();
  });

  it('given the coverage, then its changes by date (same day: as recorded), the days without income counted apart', () => {
    const view = caseView(
      aCase({
        coverage: [
          { kind: 'income_suspended', from: '2026-03-02', to: null, reasonCode: null },
          { kind: 'income_reopened', from: '2026-04-11', to: null, reasonCode: null },
          { kind: 'coverage_gap', from: '2026-03-02', to: '2026-03-03', reasonCode: null },
          { kind: 'reopening_confirmed', from: '2026-04-11', to: null, reasonCode: 'ratified' },
        ],
      }),
      new Map(),
    );
    expect(view.coverage.map((k) => [k.from, k.kind, k.gap])).toEqual([
      ['2026-03-02', 'income_suspended', false],
      ['2026-03-02', 'coverage_gap', true],
      ['2026-04-11', 'income_reopened', false],
      ['2026-04-11', 'reopening_confirmed', false],
    ]);
    expect(view.gaps).toBe(1);
  });

  it('given aid requests, then each closed, still at risk, or open', () => {
    const aid = (aidRequestId: string, atRiskFrom: string | null, closedOn: string | null) => ({
      aidRequestId,
      kind: 'rental_guarantee',
      requestedOn: '2026-02-10',
      atRiskFrom,
      closedOn,
    });
    const view = caseView(
      aCase({
        aidRequests: [
          aid('closed', '2026-03-02', '2026-03-05'),
          aid('risk', '2026-03-02', null),
          aid('open', null, null),
        ],
      }),
      new Map(),
    );
    expect(view.aidRequests.map((a) => [a.aidRequestId, a.state])).toEqual([
      ['closed', 'closed'],
      ['risk', 'at_risk'],
      ['open', 'open'],
    ]);
  });

  it('given placements, then each numbered, the oldest first as the service orders them', () => {
    const placement = (placementId: string, startDate: string) => ({
      placementId,
      hostEmployerId: HOST,
      startDate,
      ended: null,
      trial: {
        trialPeriodId: '',
        outcome: 'running' as const,
        lastWorkedDay: null,
        reasonCode: null,
        corrected: false,
      },
      incomeReopening: null,
      outcomesAfter: [],
    });
    const view = caseView(
      aCase({ placements: [placement('a', '2025-01-06'), placement('b', '2026-03-02')] }),
      new Map(),
    );
    expect(view.placements.map((p) => [p.placementId, p.number])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('given French and Dutch, then every coverage change, aid, step and event of a case has its words', () => {
    const keys = [
      ...[...coverageChangeKind.options, 'income_suspended', 'income_reopened', 'coverage_gap'].map(
        (k) => `caseOnDate.coverageKind.${k}`,
      ),
      ...aidKind.options.map((k) => `caseOnDate.aidKind.${k}`),
      ...['closed', 'at_risk', 'open'].map((s) => `caseOnDate.aidState.${s}`),
      ...['host_choice', 'proposal'].map((k) => `caseOnDate.stepKind.${k}`),
      ...['proposed', 'deadline_passed', 'waiting', 'start_after_deadline', 'in_time'].map(
        (s) => `caseOnDate.stepStates.${s}`,
      ),
      ...[
        'PlacementStarted',
        'PlacementEnded',
        'EngagementProposed',
        'HostChoiceRecorded',
        'TrialPassed',
        'TrialEnded',
        'TrialOutcomeCorrected',
        'CheckInOverdue',
        'IncomeReopened',
        'IncomeSuspended',
        'IncomeCoverageChanged',
        'CoverageGapDetected',
        'AidAtRisk',
        'AidRequestClosed',
        'CommitteeDecisionRecorded',
        'PlacementOutcomeRecorded',
      ].map((type) => `caseOnDate.event.${type}`),
      'persons.caseOnDate',
    ];
    for (const locale of LOCALES) {
      const t = createTranslations()(locale);
      for (const key of keys) expect(t(key), `${locale} ${key}`).not.toBe(key);
    }
  });
});

describe('the person page’s link to the case on a date', () => {
  const reachesAll = () => true;

  it('given each role, then the link for exactly the roles the statistics service lets read a case', () => {
    const allowed: readonly string[] = access['GET /persons/:personId/case-on-date'].roles;
    for (const role of ROLES) {
      const link = caseOnDateLink([role], reachesAll, PERSON, '2026-12-07');
      expect(link !== null, role).toBe(allowed.includes(role));
    }
  });

  it('given a social worker, then a link to the person’s case on the day given', () => {
    expect(caseOnDateLink(['social_worker'], reachesAll, PERSON, '2026-12-07')).toBe(
      `/statistics/case?personId=${PERSON}&date=2026-12-07`,
    );
  });

  it('given an edge that does not reach the statistics service, then no link', () => {
    expect(caseOnDateLink(['social_worker'], (s) => s !== 'statistics', PERSON, '2026-12-07')).toBeNull();
  });
});
