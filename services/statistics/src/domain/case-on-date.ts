import { dayOf } from './days.ts';
import type { Fact } from './facts.ts';

/** One thing that had happened in a person's case by the date asked. */
export interface CaseEntry {
  readonly occurredAt: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A person's case as it stood at the end of a day (Belgian time), rebuilt from the events. */
export interface CaseOnDate {
  readonly personId: string;
  readonly date: string;
  readonly placement: {
    readonly placementId: string;
    readonly hostEmployerId: string;
    readonly startDate: string;
    readonly ended: { readonly lastWorkedDay: string; readonly reason: string } | null;
  } | null;
  readonly trial: {
    readonly trialPeriodId: string;
    readonly outcome: 'running' | 'conclusive' | 'not_conclusive' | 'ended_early';
    readonly lastWorkedDay: string | null;
    readonly reasonCode: string | null;
    readonly corrected: boolean;
  } | null;
  readonly incomeReopening: { readonly reopeningId: string; readonly effectiveFrom: string } | null;
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

const ended = (placement: CaseOnDate['placement'], d: Record<string, unknown>): CaseOnDate['placement'] =>
  placement && placement.placementId === s(d.placementId)
    ? { ...placement, ended: { lastWorkedDay: s(d.lastWorkedDay), reason: s(d.reason) } }
    : placement;

/**
 * The case of a person on `date`: only the facts that had happened by the end of that day, so an
 * appeal reads what the CPAS knew then, not what it learned later. `facts` are the person's own
 * events and the committee decisions on their subjects. The latest placement is the one shown.
 */
export const caseOnDate = (personId: string, date: string, facts: readonly Fact[]): CaseOnDate => {
  const known = facts
    .filter((f) => dayOf(f.occurredAt) <= date)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.eventId.localeCompare(b.eventId));
  let placement: CaseOnDate['placement'] = null;
  let trial: CaseOnDate['trial'] = null;
  let incomeReopening: CaseOnDate['incomeReopening'] = null;
  const committeeDecisions: CaseOnDate['committeeDecisions'][number][] = [];
  for (const { type, data: d } of known) {
    switch (type) {
      case 'PlacementStarted':
        placement = {
          placementId: s(d.placementId),
          hostEmployerId: s(d.hostEmployerId),
          startDate: s(d.startDate),
          ended: null,
        };
        trial = {
          trialPeriodId: '',
          outcome: 'running',
          lastWorkedDay: null,
          reasonCode: null,
          corrected: false,
        };
        incomeReopening = null;
        break;
      case 'PlacementEnded':
        placement = ended(placement, d);
        break;
      case 'TrialPassed':
        trial = {
          trialPeriodId: s(d.trialPeriodId),
          outcome: 'conclusive',
          lastWorkedDay: null,
          reasonCode: null,
          corrected: false,
        };
        break;
      case 'TrialEnded':
        trial = {
          trialPeriodId: s(d.trialPeriodId),
          outcome: d.outcome === 'ended_early' ? 'ended_early' : 'not_conclusive',
          lastWorkedDay: s(d.lastWorkedDay),
          reasonCode: sn(d.reasonCode),
          corrected: false,
        };
        break;
      case 'TrialOutcomeCorrected': {
        const c = d.corrected as Record<string, unknown>;
        trial = {
          trialPeriodId: s(d.trialPeriodId),
          outcome: c.outcome === 'ended_early' ? 'ended_early' : 'not_conclusive',
          lastWorkedDay: s(c.lastWorkedDay),
          reasonCode: sn(c.reasonCode),
          corrected: true,
        };
        break;
      }
      case 'IncomeReopened':
        incomeReopening = { reopeningId: s(d.reopeningId), effectiveFrom: s(d.effectiveFrom) };
        break;
      case 'CommitteeDecisionRecorded': {
        const subject = d.subject as { kind: string };
        committeeDecisions.push({
          subjectKind: subject.kind,
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
  return {
    personId,
    date,
    placement,
    trial,
    incomeReopening,
    committeeDecisions,
    entries: known.map((f) => ({ occurredAt: f.occurredAt, type: f.type, data: f.data })),
  };
};
