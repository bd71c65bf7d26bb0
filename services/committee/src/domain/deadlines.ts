import { addDays, daysBetween } from './days.ts';

/** The deadline settings of a CPAS in force on a day (effective-dated configuration, never constants). */
export interface DeadlineSettings {
  readonly effectiveFrom: string;
  /** Days from the request to the decision (30 by default, to confirm with the legal service). */
  readonly decisionDays: number;
  /** Days from the decision to the person's notification (8 by default). */
  readonly notificationDays: number;
  /** Days before a deadline from which the item is flagged. */
  readonly warningDays: number;
}

export type DeadlineState = 'open' | 'near' | 'overdue' | 'met' | 'missed';

export interface Deadline {
  readonly kind: 'decision' | 'notification' | 'host';
  readonly decisionId: string | null;
  readonly dueOn: string;
  readonly state: DeadlineState;
  readonly daysLeft: number;
}

/** Where a deadline stands on `today`, given the day it was met (null: not yet). */
export const deadlineState = (
  dueOn: string,
  doneOn: string | null,
  today: string,
  warningDays: number,
): DeadlineState => {
  if (doneOn !== null) return doneOn <= dueOn ? 'met' : 'missed';
  if (today > dueOn) return 'overdue';
  return daysBetween(today, dueOn) <= warningDays ? 'near' : 'open';
};

export interface DeadlineFacts {
  readonly requestedOn: string;
  /** The settings in force on the request day. */
  readonly requestSettings: DeadlineSettings;
  /** The day the last proposal was decided, once every proposal has a signed decision. */
  readonly decidedOn: string | null;
  /** The host's own deadline to fill the post (engagements). */
  readonly hostDeadline: string | null;
  readonly signedDecisions: readonly {
    readonly id: string;
    readonly decidedOn: string;
    /** The settings in force on the decision day. */
    readonly settings: DeadlineSettings;
    readonly notifiedOn: string | null;
  }[];
}

/**
 * The legal deadlines of an item: the decision within `decisionDays` of the request, each
 * decision notified within `notificationDays` of it, and the host's deadline where there is
 * one. A postponement never moves them: the clock runs from the request.
 */
export const deadlinesOf = (facts: DeadlineFacts, today: string): Deadline[] => {
  const make = (
    kind: Deadline['kind'],
    decisionId: string | null,
    dueOn: string,
    doneOn: string | null,
    warningDays: number,
  ): Deadline => ({
    kind,
    decisionId,
    dueOn,
    state: deadlineState(dueOn, doneOn, today, warningDays),
    daysLeft: daysBetween(today, dueOn),
  });
  const { requestSettings: settings } = facts;
  return [
    make(
      'decision',
      null,
      addDays(facts.requestedOn, settings.decisionDays),
      facts.decidedOn,
      settings.warningDays,
    ),
    ...(facts.hostDeadline
      ? [make('host', null, facts.hostDeadline, facts.decidedOn, settings.warningDays)]
      : []),
    ...facts.signedDecisions.map((d) =>
      make(
        'notification',
        d.id,
        addDays(d.decidedOn, d.settings.notificationDays),
        d.notifiedOn,
        d.settings.warningDays,
      ),
    ),
  ];
};

/** Whether an item needs attention: a deadline near or past and not met. */
export const isFlagged = (deadlines: readonly Deadline[]): boolean =>
  deadlines.some((d) => d.state === 'near' || d.state === 'overdue');

/**
 * The settings in force on a day among rows sorted the CPAS's own first, then the platform's,
 * each latest first: the CPAS's latest row on or before the day, else the platform's.
 */
export const inForceOn = <T extends { readonly effectiveFrom: string }>(
  rows: readonly T[],
  day: string,
): T | undefined => rows.find((r) => r.effectiveFrom <= day);
