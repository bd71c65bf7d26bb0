import { dayOf } from './days.ts';
import type { Fact } from './facts.ts';

/** How a trial period ended. Three situations side by side: none of them is called a failure. */
export type TrialOutcome = 'conclusive' | 'not_conclusive' | 'ended_early';

/** A trial's latest known outcome (corrections applied in the order they happened). */
export interface TrialState {
  readonly trialPeriodId: string;
  readonly placementId: string;
  readonly outcome: TrialOutcome;
  /** The day the outcome refers to: the decision day (conclusive) or the last worked day. */
  readonly day: string;
  /** The last worked day first recorded (what the reopening was computed from). */
  readonly firstLastWorkedDay: string | null;
  readonly reasonCode: string | null;
  readonly initiatedBy: string | null;
}

/** A placement as the events tell it. */
export interface PlacementState {
  readonly placementId: string;
  readonly personId: string;
  readonly hostEmployerId: string;
  readonly startDate: string;
  end: { readonly lastWorkedDay: string; readonly reason: string } | null;
}

/** Everything the figures are computed from, indexed once. */
export interface Model {
  readonly hosts: Map<string, { readonly name: string; readonly sector: string }>;
  readonly placements: Map<string, PlacementState>;
  readonly trials: Map<string, TrialState>;
  /** The hosts' choices of a candidate, where the time to the contract start begins. */
  readonly hostChoices: {
    readonly personId: string;
    readonly hostEmployerId: string;
    readonly chosenOn: string;
    readonly hostDeadline: string | null;
  }[];
  readonly proposals: {
    readonly proposalId: string;
    readonly personId: string;
    readonly hostEmployerId: string;
    readonly proposedOn: string;
    readonly hostDeadline: string | null;
  }[];
  readonly reopenings: Map<
    string,
    {
      readonly placementId: string;
      readonly trialPeriodId: string | null;
      readonly effectiveFrom: string;
      readonly lastWorkedDay: string | null;
    }
  >;
  /** The first decision on each subject (corrections are not new decision times). */
  readonly decisions: Map<
    string,
    { readonly kind: string; readonly decidedOn: string; readonly outcome: string }
  >;
  /** When each subject was put to the committee, by the subject's id. */
  readonly submittedOn: Map<string, string>;
  readonly accidents: {
    readonly hostEmployerId: string;
    readonly placementId: string;
    readonly occurredOn: string;
  }[];
  readonly hostsOverdue: { readonly hostEmployerId: string; readonly day: string }[];
  readonly checkInsOverdue: { readonly dueOn: string }[];
  /** The situation at each outcome check (a correction replaces the record it corrects), by check. */
  readonly outcomesAfter: Map<
    string,
    { readonly monthsAfterEnd: number; readonly situation: string; readonly lastWorkedDay: string }
  >;
}

const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const sn = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A trial as it ended: ids from the event, outcome fields from the end or its correction. */
const endedTrial = (
  ids: Record<string, unknown>,
  outcome: Record<string, unknown>,
  firstLastWorkedDay: string,
): TrialState => ({
  trialPeriodId: s(ids.trialPeriodId),
  placementId: s(ids.placementId),
  outcome: outcome.outcome === 'ended_early' ? 'ended_early' : 'not_conclusive',
  day: s(outcome.lastWorkedDay),
  firstLastWorkedDay,
  reasonCode: sn(outcome.reasonCode),
  initiatedBy: sn(outcome.initiatedBy),
});

const byTime = (a: Fact, b: Fact) =>
  a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId);

/**
 * Indexes a CPAS's facts. Order-independent: the facts are sorted by when they happened first,
 * because the five topics reach this service in no common order (a rebuild reads them side by side).
 */
export const buildModel = (facts: readonly Fact[]): Model => {
  const m: Model = {
    hosts: new Map(),
    placements: new Map(),
    trials: new Map(),
    hostChoices: [],
    proposals: [],
    reopenings: new Map(),
    decisions: new Map(),
    submittedOn: new Map(),
    accidents: [],
    hostsOverdue: [],
    checkInsOverdue: [],
    outcomesAfter: new Map(),
  };
  const ends = new Map<string, { lastWorkedDay: string; reason: string }>();
  for (const fact of [...facts].sort(byTime)) {
    const d = fact.data;
    switch (fact.type) {
      case 'HostEmployerRegistered':
        m.hosts.set(s(d.hostEmployerId), { name: s(d.name), sector: s(d.sector) || 'unknown' });
        break;
      case 'HostPartnerApprovalRequested':
        m.submittedOn.set(s(d.hostEmployerId), s(d.requestedOn));
        break;
      case 'PlacementStarted':
        m.placements.set(s(d.placementId), {
          placementId: s(d.placementId),
          personId: s(d.personId),
          hostEmployerId: s(d.hostEmployerId),
          startDate: s(d.startDate),
          end: null,
        });
        break;
      case 'PlacementEnded':
        ends.set(s(d.placementId), { lastWorkedDay: s(d.lastWorkedDay), reason: s(d.reason) });
        break;
      case 'HostChoiceRecorded':
        m.hostChoices.push({
          personId: s(d.personId),
          hostEmployerId: s(d.hostEmployerId),
          chosenOn: s(d.chosenOn),
          hostDeadline: sn(d.hostDeadline),
        });
        break;
      case 'EngagementProposed':
        m.proposals.push({
          proposalId: s(d.proposalId),
          personId: s(d.personId),
          hostEmployerId: s(d.hostEmployerId),
          proposedOn: dayOf(fact.occurredAt),
          hostDeadline: sn(d.hostDeadline),
        });
        m.submittedOn.set(s(d.proposalId), dayOf(fact.occurredAt));
        break;
      case 'TrialPassed':
        m.trials.set(s(d.trialPeriodId), {
          trialPeriodId: s(d.trialPeriodId),
          placementId: s(d.placementId),
          outcome: 'conclusive',
          day: s(d.decidedOn),
          firstLastWorkedDay: null,
          reasonCode: null,
          initiatedBy: null,
        });
        break;
      case 'TrialEnded':
        m.trials.set(s(d.trialPeriodId), endedTrial(d, d, s(d.lastWorkedDay)));
        m.submittedOn.set(s(d.trialPeriodId), dayOf(fact.occurredAt));
        break;
      case 'TrialOutcomeCorrected': {
        const c = d.corrected as Record<string, unknown>;
        const before = m.trials.get(s(d.trialPeriodId));
        const firstDay =
          before?.firstLastWorkedDay ?? s((d.previous as Record<string, unknown>).lastWorkedDay);
        m.trials.set(s(d.trialPeriodId), endedTrial(d, c, firstDay));
        break;
      }
      case 'IncomeReopened':
        m.reopenings.set(s(d.reopeningId), {
          placementId: s(d.placementId),
          trialPeriodId: sn(d.trialPeriodId),
          effectiveFrom: s(d.effectiveFrom),
          lastWorkedDay: sn(d.lastWorkedDay),
        });
        m.submittedOn.set(s(d.reopeningId), dayOf(fact.occurredAt));
        break;
      case 'CommitteeDecisionRecorded': {
        const subject = d.subject as { kind: string; id: string };
        if (d.correctsDecisionId || m.decisions.has(subject.id)) break;
        m.decisions.set(subject.id, { kind: subject.kind, decidedOn: s(d.decidedOn), outcome: s(d.outcome) });
        break;
      }
      case 'WorkAccidentReported':
        m.accidents.push({
          hostEmployerId: s(d.hostEmployerId),
          placementId: s(d.placementId),
          occurredOn: s(d.occurredOn),
        });
        break;
      case 'HostSafetyStatusChanged':
        if (d.safetyStatus === 'visit_overdue')
          m.hostsOverdue.push({ hostEmployerId: s(d.hostEmployerId), day: s(d.assessedOn) });
        break;
      case 'CheckInOverdue':
        m.checkInsOverdue.push({ dueOn: s(d.dueOn) });
        break;
      case 'PlacementOutcomeRecorded':
        m.outcomesAfter.set(s(d.checkId), {
          monthsAfterEnd: Number(d.monthsAfterEnd),
          situation: s(d.situation),
          lastWorkedDay: s(d.lastWorkedDay),
        });
        break;
      default:
        break;
    }
  }
  for (const [placementId, end] of ends) {
    const placement = m.placements.get(placementId);
    if (placement) placement.end = end;
  }
  return m;
};
