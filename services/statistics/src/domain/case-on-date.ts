import { dayOf } from './days.ts';
import type { Fact } from './facts.ts';

/** One thing that had happened in a person's case by the date asked. */
export interface CaseEntry {
  readonly occurredAt: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A trial period as it stood: running until an outcome is known. */
export interface TrialOnDate {
  readonly trialPeriodId: string;
  readonly outcome: 'running' | 'conclusive' | 'not_conclusive' | 'ended_early';
  readonly lastWorkedDay: string | null;
  readonly reasonCode: string | null;
  readonly corrected: boolean;
}

/** One placement of the person, with its trial, the reopening after it and the situations after it. */
export interface PlacementOnDate {
  readonly placementId: string;
  readonly hostEmployerId: string;
  readonly startDate: string;
  readonly ended: { readonly lastWorkedDay: string; readonly reason: string } | null;
  readonly trial: TrialOnDate;
  readonly incomeReopening: { readonly reopeningId: string; readonly effectiveFrom: string } | null;
  /** The situation 3, 6 and 12 months after its end, a correction in place of what it corrects. */
  readonly outcomesAfter: {
    readonly monthsAfterEnd: number;
    readonly situation: string;
    readonly observedOn: string;
    readonly corrected: boolean;
  }[];
}

/**
 * A change of the person's income coverage: the RI suspended at a contract start, reopened after
 * it, a change the income service recorded (a committee's confirmation, a bridge), or days found
 * uncovered (`to` null: still uncovered on the date).
 */
export interface CoverageOnDate {
  readonly kind: string;
  readonly from: string;
  readonly to: string | null;
  readonly reasonCode: string | null;
}

/** A request for aid that depended on the RI: when it was at risk and when it was closed. */
export interface AidRequestOnDate {
  readonly aidRequestId: string;
  readonly kind: string;
  readonly requestedOn: string;
  readonly atRiskFrom: string | null;
  readonly closedOn: string | null;
}

/** A person's case as it stood at the end of a day (Belgian time), rebuilt from the events. */
export interface CaseOnDate {
  readonly personId: string;
  readonly date: string;
  /** Every placement known by then, oldest first. */
  readonly placements: PlacementOnDate[];
  /** The hosts' choices of this person, then the proposals to the committee that followed. */
  readonly hostChoices: {
    readonly chosenOn: string;
    readonly hostEmployerId: string;
    readonly hostDeadline: string | null;
  }[];
  readonly proposals: {
    readonly proposalId: string;
    readonly proposedOn: string;
    readonly hostEmployerId: string;
    readonly startDate: string;
    readonly hostDeadline: string | null;
  }[];
  readonly coverage: CoverageOnDate[];
  readonly aidRequests: AidRequestOnDate[];
  readonly committeeDecisions: {
    readonly subjectKind: string;
    readonly outcome: string;
    readonly decidedOn: string;
    readonly reasonCode: string | null;
  }[];
  /** Everything known by then, oldest first. */
  readonly entries: CaseEntry[];
}

const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const sn = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

const RUNNING: TrialOnDate = {
  trialPeriodId: '',
  outcome: 'running',
  lastWorkedDay: null,
  reasonCode: null,
  corrected: false,
};

const endedTrial = (trialPeriodId: string, d: Record<string, unknown>, corrected: boolean): TrialOnDate => ({
  trialPeriodId,
  outcome: d.outcome === 'ended_early' ? 'ended_early' : 'not_conclusive',
  lastWorkedDay: s(d.lastWorkedDay),
  reasonCode: sn(d.reasonCode),
  corrected,
});

/** Builds the case fact by fact; each method applies one kind of event. */
class CaseBuilder {
  readonly placements = new Map<string, PlacementOnDate>();
  readonly hostChoices: CaseOnDate['hostChoices'] = [];
  readonly proposals: CaseOnDate['proposals'] = [];
  readonly coverage: CoverageOnDate[] = [];
  readonly aid = new Map<string, AidRequestOnDate>();
  readonly committeeDecisions: CaseOnDate['committeeDecisions'] = [];

  /** The placement an event names; one known only from its trial or reopening is added as it is known. */
  private placement(d: Record<string, unknown>): PlacementOnDate {
    const id = s(d.placementId);
    const known = this.placements.get(id);
    if (known) return known;
    const added: PlacementOnDate = {
      placementId: id,
      hostEmployerId: s(d.hostEmployerId),
      startDate: s(d.placementStartDate) || s(d.startDate),
      ended: null,
      trial: RUNNING,
      incomeReopening: null,
      outcomesAfter: [],
    };
    this.placements.set(id, added);
    return added;
  }

  private update(d: Record<string, unknown>, change: Partial<PlacementOnDate>) {
    const current = this.placement(d);
    this.placements.set(current.placementId, { ...current, ...change });
  }

  apply({ type, data: d }: Fact) {
    switch (type) {
      case 'PlacementStarted':
        this.update(d, { hostEmployerId: s(d.hostEmployerId), startDate: s(d.startDate) });
        break;
      case 'PlacementEnded':
        this.update(d, { ended: { lastWorkedDay: s(d.lastWorkedDay), reason: s(d.reason) } });
        break;
      case 'TrialPassed':
        this.update(d, { trial: { ...RUNNING, trialPeriodId: s(d.trialPeriodId), outcome: 'conclusive' } });
        break;
      case 'TrialEnded':
        this.update(d, { trial: endedTrial(s(d.trialPeriodId), d, false) });
        break;
      case 'TrialOutcomeCorrected':
        this.update(d, { trial: endedTrial(s(d.trialPeriodId), record(d.corrected), true) });
        break;
      case 'IncomeReopened':
        this.update(d, {
          incomeReopening: { reopeningId: s(d.reopeningId), effectiveFrom: s(d.effectiveFrom) },
        });
        this.coverage.push({ kind: 'income_reopened', from: s(d.effectiveFrom), to: null, reasonCode: null });
        break;
      case 'PlacementOutcomeRecorded':
        this.outcome(d);
        break;
      case 'HostChoiceRecorded':
        this.hostChoices.push({
          chosenOn: s(d.chosenOn),
          hostEmployerId: s(d.hostEmployerId),
          hostDeadline: sn(d.hostDeadline),
        });
        break;
      case 'EngagementProposed':
        this.proposals.push({
          proposalId: s(d.proposalId),
          proposedOn: s(d.proposedOn),
          hostEmployerId: s(d.hostEmployerId),
          startDate: s(d.startDate),
          hostDeadline: sn(d.hostDeadline),
        });
        break;
      case 'IncomeSuspended':
        this.coverage.push({
          kind: 'income_suspended',
          from: s(d.suspendedFrom),
          to: null,
          reasonCode: null,
        });
        break;
      case 'IncomeCoverageChanged':
        this.coverage.push({
          kind: s(d.change),
          from: s(d.effectiveFrom),
          to: null,
          reasonCode: sn(d.reasonCode),
        });
        break;
      case 'CoverageGapDetected':
        this.coverage.push({ kind: 'coverage_gap', from: s(d.from), to: sn(d.to), reasonCode: null });
        break;
      case 'AidAtRisk':
        for (const request of Array.isArray(d.aidRequests) ? d.aidRequests : []) {
          const r = record(request);
          const id = s(r.aidRequestId);
          this.aid.set(id, {
            aidRequestId: id,
            kind: s(r.kind),
            requestedOn: s(r.requestedOn),
            atRiskFrom: s(d.suspensionFrom),
            closedOn: this.aid.get(id)?.closedOn ?? null,
          });
        }
        break;
      case 'AidRequestClosed': {
        const id = s(d.aidRequestId);
        const known = this.aid.get(id);
        this.aid.set(id, {
          aidRequestId: id,
          kind: known?.kind ?? 'other',
          requestedOn: known?.requestedOn ?? '',
          atRiskFrom: known?.atRiskFrom ?? null,
          closedOn: s(d.closedOn),
        });
        break;
      }
      case 'CommitteeDecisionRecorded': {
        const subject = record(d.subject);
        this.committeeDecisions.push({
          subjectKind: s(subject.kind),
          outcome: s(d.outcome),
          decidedOn: s(d.decidedOn),
          reasonCode: sn(d.reasonCode),
        });
        break;
      }
      default:
        break;
    }
  }

  /** A situation after the placement; a correction replaces the record of the same check. */
  private outcome(d: Record<string, unknown>) {
    const placement = this.placement(d);
    const entry = {
      monthsAfterEnd: Number(d.monthsAfterEnd),
      situation: s(d.situation),
      observedOn: s(d.observedOn),
      corrected: typeof d.correctsOutcomeId === 'string',
    };
    const others = placement.outcomesAfter.filter((o) => o.monthsAfterEnd !== entry.monthsAfterEnd);
    this.update(d, {
      outcomesAfter: [...others, entry].sort((a, b) => a.monthsAfterEnd - b.monthsAfterEnd),
    });
  }
}

/**
 * The case of a person on `date`: only the facts that had happened by the end of that day, so an
 * appeal reads what the CPAS knew then, not what it learned later. `facts` are the person's own
 * events and the committee decisions on their subjects.
 */
export const caseOnDate = (personId: string, date: string, facts: readonly Fact[]): CaseOnDate => {
  const known = facts
    .filter((f) => dayOf(f.occurredAt) <= date)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId));
  const built = new CaseBuilder();
  for (const fact of known)
    built.apply(
      fact.type === 'EngagementProposed'
        ? { ...fact, data: { ...fact.data, proposedOn: dayOf(fact.occurredAt) } }
        : fact,
    );
  return {
    personId,
    date,
    placements: [...built.placements.values()].sort((a, b) => a.startDate.localeCompare(b.startDate)),
    hostChoices: built.hostChoices,
    proposals: built.proposals,
    coverage: built.coverage,
    aidRequests: [...built.aid.values()],
    committeeDecisions: built.committeeDecisions,
    entries: known.map((f) => ({ occurredAt: f.occurredAt, type: f.type, data: f.data })),
  };
};
