import type { NoticeContent } from './notices.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** When a reminder comes back and how often: its first round, the interval, how many rounds. */
export interface ReminderPolicy {
  readonly firstDue: (createdAt: Date) => Date;
  readonly everyMs: number;
  readonly rounds: number;
}

/** A reminder to schedule with a notification, and the case keys whose closing stops it. */
export interface ReminderPlan {
  readonly policy: ReminderPolicy;
  readonly firstDue: Date;
  readonly closingKeys: readonly string[];
}

const after = (ms: number) => (createdAt: Date) => new Date(createdAt.getTime() + ms);

/** Keys of a closed case: each event or action that ends a case names the keys it closes. */
export const caseKey = {
  placement: (placementId: string) => `placement:${placementId}`,
  trialPeriod: (trialPeriodId: string) => `trial_period:${trialPeriodId}`,
  checkInHeld: (checkInId: string) => `check_in_held:${checkInId}`,
  aidRequestClosed: (aidRequestId: string) => `aid_request_closed:${aidRequestId}`,
  /** Closed once every aid request of the alert is (see `onAidRequestClosed`). */
  aidAtRisk: (alertId: string) => `aid_at_risk:${alertId}`,
  hostCleared: (hostEmployerId: string) => `host_cleared:${hostEmployerId}`,
  visitAssessed: (visitId: string) => `visit_assessed:${visitId}`,
  sheetDelivered: (sheetId: string) => `sheet_delivered:${sheetId}`,
  outcomeRecorded: (checkId: string) => `outcome_recorded:${checkId}`,
} as const;

/**
 * The reminder a notification calls for, if any. Intervals are working defaults to confirm with
 * the field (not legal durations): aid at risk daily, since the suspension is days away at most
 * (seed 004 §4.3, the rental guarantee lost); a late check-in or an undelivered sheet every two
 * days; a blocked host's placements every three; a post-accident visit from its due day on, daily;
 * an outcome check after a placement weekly (the person is to be reached, not a deadline that falls).
 */
export const reminderFor = (content: NoticeContent, createdAt: Date): ReminderPlan | null => {
  const plan = (policy: ReminderPolicy, closingKeys: string[]): ReminderPlan => ({
    policy,
    firstDue: policy.firstDue(createdAt),
    closingKeys,
  });
  switch (content.kind) {
    case 'aid_at_risk':
      return plan({ firstDue: after(DAY), everyMs: DAY, rounds: 3 }, [
        caseKey.aidAtRisk(content.subject.alertId),
        caseKey.placement(content.subject.placementId),
      ]);
    case 'check_in_overdue':
      return plan({ firstDue: after(2 * DAY), everyMs: 2 * DAY, rounds: 3 }, [
        caseKey.checkInHeld(content.subject.checkInId),
        caseKey.trialPeriod(content.subject.trialPeriodId),
        caseKey.placement(content.subject.placementId),
      ]);
    case 'host_blocked_placements':
      return plan({ firstDue: after(3 * DAY), everyMs: 3 * DAY, rounds: 3 }, [
        caseKey.hostCleared(content.subject.hostEmployerId),
      ]);
    case 'work_accident': {
      // 07:00 UTC is 08:00 or 09:00 in Brussels: the morning of the day the visit is due.
      const dueDay = new Date(`${content.params.postAccidentVisitDueBy}T07:00:00.000Z`);
      return plan({ firstDue: (at) => (dueDay > at ? dueDay : after(HOUR)(at)), everyMs: DAY, rounds: 3 }, [
        caseKey.visitAssessed(content.subject.postAccidentVisitId),
      ]);
    }
    case 'placement_started':
      return plan({ firstDue: after(2 * DAY), everyMs: 2 * DAY, rounds: 2 }, [
        caseKey.sheetDelivered(content.subject.sheetId),
        caseKey.placement(content.subject.placementId),
      ]);
    case 'outcome_check_due':
      return plan({ firstDue: after(7 * DAY), everyMs: 7 * DAY, rounds: 3 }, [
        caseKey.outcomeRecorded(content.subject.checkId),
      ]);
    case 'income_suspended':
    case 'income_reopened':
    case 'committee_decision':
    case 'host_safety_status_changed':
      return null;
    default:
      return unreachable(content);
  }
};

/** After round `round` (1 = the first) was sent: when the next is due, or null when it was the last. */
export const nextRoundDue = (
  policy: Pick<ReminderPolicy, 'everyMs' | 'rounds'>,
  round: number,
  sentAt: Date,
): Date | null => (round >= policy.rounds ? null : new Date(sentAt.getTime() + policy.everyMs));

const unreachable = (value: never): never => {
  throw new Error(`unknown notification ${JSON.stringify(value)}`);
};
