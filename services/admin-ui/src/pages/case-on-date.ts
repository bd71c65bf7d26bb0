import type { UserRole } from '@relais/service-kit';
import { opens } from './page-access.ts';
import { query } from './page-api.ts';

/** A trial period as it stood on the date: running until an outcome is known. */
export interface TrialOnDate {
  readonly outcome: 'running' | 'conclusive' | 'not_conclusive' | 'ended_early';
  readonly lastWorkedDay: string | null;
  readonly reasonCode: string | null;
  readonly corrected: boolean;
}

/** One placement of the person with its trial, the reopening after it and the situations after it. */
export interface PlacementOnDate {
  readonly placementId: string;
  readonly hostEmployerId: string;
  readonly startDate: string;
  readonly ended: { readonly lastWorkedDay: string; readonly reason: string } | null;
  readonly trial: TrialOnDate;
  readonly incomeReopening: { readonly effectiveFrom: string } | null;
  readonly outcomesAfter: readonly {
    readonly monthsAfterEnd: number;
    readonly situation: string;
    readonly observedOn: string;
    readonly corrected: boolean;
  }[];
}

/** A change of the income coverage; `to` null on a gap: still uncovered on the date. */
export interface CoverageOnDate {
  readonly kind: string;
  readonly from: string;
  readonly to: string | null;
  readonly reasonCode: string | null;
}

/** A person's case as it stood at the end of a day, as the statistics service answers it (`caseSchema`). */
export interface CaseOnDate {
  readonly personId: string;
  readonly date: string;
  /** Oldest first. */
  readonly placements: readonly PlacementOnDate[];
  readonly hostChoices: readonly {
    readonly chosenOn: string;
    readonly hostEmployerId: string;
    readonly hostDeadline: string | null;
  }[];
  readonly proposals: readonly {
    readonly proposalId: string;
    readonly proposedOn: string;
    readonly hostEmployerId: string;
    readonly startDate: string;
    readonly hostDeadline: string | null;
  }[];
  readonly coverage: readonly CoverageOnDate[];
  readonly aidRequests: readonly {
    readonly aidRequestId: string;
    readonly kind: string;
    readonly requestedOn: string;
    readonly atRiskFrom: string | null;
    readonly closedOn: string | null;
  }[];
  readonly committeeDecisions: readonly {
    readonly subjectKind: string;
    readonly outcome: string;
    readonly decidedOn: string;
    readonly reasonCode: string | null;
  }[];
  readonly entries: readonly { readonly occurredAt: string; readonly type: string }[];
}

/**
 * A step from the host's choice to the contract (seed 004 §4.3, the job lost to delays): a choice
 * says whether it was proposed to the committee, or whether the host's deadline passed first; a
 * proposal whether its start came after that deadline.
 */
export type HiringStep =
  | {
      readonly kind: 'host_choice';
      readonly day: string;
      readonly hostEmployerId: string;
      readonly hostDeadline: string | null;
      readonly startDate: null;
      readonly state: 'proposed' | 'deadline_passed' | 'waiting';
      readonly proposedOn: string | null;
    }
  | {
      readonly kind: 'proposal';
      readonly day: string;
      readonly hostEmployerId: string;
      readonly hostDeadline: string | null;
      readonly startDate: string;
      readonly state: 'start_after_deadline' | 'in_time' | 'no_deadline';
      readonly proposedOn: null;
    };

/** Where an aid request that depended on the RI stood on the date. */
export type AidState = 'closed' | 'at_risk' | 'open';

/** Earliest first; equal days keep the order the service gave (the order things were recorded). */
const byDay = <T>(items: readonly T[], day: (item: T) => string): T[] =>
  items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => day(a.item).localeCompare(day(b.item)) || a.index - b.index)
    .map(({ item }) => item);

const hiringSteps = (c: CaseOnDate): HiringStep[] => {
  const choices = c.hostChoices.map((h): HiringStep => {
    // Matched as the statistics match them: the next proposal to the same host after the choice.
    const proposal = byDay(
      c.proposals.filter((q) => q.hostEmployerId === h.hostEmployerId && q.proposedOn >= h.chosenOn),
      (q) => q.proposedOn,
    )[0];
    const lapsed = !proposal && h.hostDeadline !== null && h.hostDeadline < c.date;
    return {
      kind: 'host_choice',
      day: h.chosenOn,
      hostEmployerId: h.hostEmployerId,
      hostDeadline: h.hostDeadline,
      startDate: null,
      state: proposal ? 'proposed' : lapsed ? 'deadline_passed' : 'waiting',
      proposedOn: proposal?.proposedOn ?? null,
    };
  });
  const proposals = c.proposals.map((q): HiringStep => ({
    kind: 'proposal',
    day: q.proposedOn,
    hostEmployerId: q.hostEmployerId,
    hostDeadline: q.hostDeadline,
    startDate: q.startDate,
    state:
      q.hostDeadline === null
        ? 'no_deadline'
        : q.startDate > q.hostDeadline
          ? 'start_after_deadline'
          : 'in_time',
    proposedOn: null,
  }));
  return byDay([...choices, ...proposals], (s) => s.day);
};

/**
 * The case as the page shows it: the steps to the contract in date order, each placement (oldest
 * first) with its host's name where the user may read it, the coverage changes by date with the
 * days without income counted apart, and where each aid request stood.
 */
export const caseView = (c: CaseOnDate, hostNames: ReadonlyMap<string, string>) => {
  const coverage = byDay(c.coverage, (k) => k.from).map((k) => ({ ...k, gap: k.kind === 'coverage_gap' }));
  return {
    date: c.date,
    empty: c.entries.length === 0,
    hiring: hiringSteps(c),
    placements: c.placements.map((p, index) => ({ ...p, number: index + 1 })),
    coverage,
    gaps: coverage.filter((k) => k.gap).length,
    aidRequests: byDay(c.aidRequests, (a) => a.requestedOn).map((a) => ({
      ...a,
      state: (a.closedOn ? 'closed' : a.atRiskFrom ? 'at_risk' : 'open') satisfies AidState,
    })),
    committeeDecisions: c.committeeDecisions,
    entries: c.entries,
    /** The host's name, or null where the user's role may not read hosts (the page shows a reference). */
    host: (hostEmployerId: string): string | null => hostNames.get(hostEmployerId) ?? null,
  };
};

/**
 * The person page's link to the person's case on `day` (Brussels), for an appeal: only for roles
 * the case page opens (the same roles the statistics service lets read a case) and where the
 * edge reaches the statistics service.
 */
export const caseOnDateLink = (
  roles: readonly UserRole[],
  reaches: (service: string) => boolean,
  personId: string,
  day: string,
): string | null =>
  opens(roles, 'GET /statistics/case') && reaches('statistics')
    ? `/statistics/case${query({ personId, date: day })}`
    : null;
