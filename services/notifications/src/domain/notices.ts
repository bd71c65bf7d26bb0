import type {
  aidKind,
  committeeSubjectKind,
  hostSafetyStatus,
  reopeningCause,
  workAccidentSeverity,
} from '@relais/contracts';
import type { z } from 'zod';

/** The roles that receive notifications: each has a team queue in its CPAS. */
export const NOTIFIED_ROLES = ['social_worker', 'placement_officer', 'safety_officer'] as const;

/** A role with a notification queue. */
export type NotifiedRole = (typeof NOTIFIED_ROLES)[number];

/** Roles a person may be followed in (the staff who accompany a person). */
export const FOLLOWER_ROLES = ['social_worker', 'placement_officer'] as const;

/** A role a follower follows a person in. */
export type FollowerRole = (typeof FOLLOWER_ROLES)[number];

type Day = string;

/**
 * What a notification says, as data: the ids of the record (`subject`) and the few facts its
 * wording needs (`params`: days, codes, counts — never a name or free text about a person).
 * Worded when read, in the reader's language.
 */
export type NoticeContent =
  | {
      readonly kind: 'income_suspended';
      readonly subject: { readonly personId: string; readonly placementId: string };
      readonly params: { readonly suspendedFrom: Day; readonly paidThrough: Day };
    }
  | {
      readonly kind: 'income_reopened';
      readonly subject: {
        readonly personId: string;
        readonly placementId: string;
        readonly reopeningId: string;
      };
      readonly params: {
        readonly effectiveFrom: Day;
        readonly cause: z.infer<typeof reopeningCause> | 'trial_end';
      };
    }
  | {
      readonly kind: 'aid_at_risk';
      readonly subject: {
        readonly personId: string;
        readonly placementId: string;
        readonly alertId: string;
        /** The pending requests of the alert: once all are closed, its reminder stops. */
        readonly aidRequestIds: readonly string[];
      };
      readonly params: {
        readonly suspensionFrom: Day;
        readonly aidKinds: readonly z.infer<typeof aidKind>[];
        readonly count: number;
      };
    }
  | {
      readonly kind: 'committee_decision';
      readonly subject: {
        readonly decisionId: string;
        readonly subjectKind: z.infer<typeof committeeSubjectKind>;
        readonly subjectId: string;
        readonly personId: string | null;
      };
      readonly params: {
        readonly subjectKind: z.infer<typeof committeeSubjectKind>;
        readonly outcome: 'approved' | 'refused' | 'amended';
        readonly decidedOn: Day;
      };
    }
  | {
      readonly kind: 'placement_started';
      readonly subject: {
        readonly personId: string;
        readonly placementId: string;
        readonly hostEmployerId: string;
        readonly sheetId: string;
      };
      readonly params: { readonly startDate: Day; readonly hostName: string | null };
    }
  | {
      readonly kind: 'check_in_overdue';
      readonly subject: {
        readonly personId: string;
        readonly placementId: string;
        readonly trialPeriodId: string;
        readonly checkInId: string;
      };
      readonly params: { readonly sequence: number; readonly dueOn: Day };
    }
  | {
      readonly kind: 'host_blocked_placements';
      readonly subject: { readonly hostEmployerId: string; readonly placementIds: readonly string[] };
      readonly params: { readonly blockedOn: Day; readonly count: number; readonly hostName: string | null };
    }
  | {
      readonly kind: 'work_accident';
      readonly subject: {
        readonly accidentId: string;
        readonly placementId: string;
        readonly hostEmployerId: string;
        readonly postAccidentVisitId: string;
      };
      readonly params: {
        readonly occurredOn: Day;
        readonly severity: z.infer<typeof workAccidentSeverity>;
        readonly postAccidentVisitDueBy: Day;
        readonly hostName: string | null;
      };
    }
  | {
      readonly kind: 'host_safety_status_changed';
      readonly subject: { readonly hostEmployerId: string; readonly visitId: string | null };
      readonly params: {
        readonly safetyStatus: z.infer<typeof hostSafetyStatus>;
        readonly assessedOn: Day;
        readonly hostName: string | null;
      };
    }
  | {
      readonly kind: 'outcome_check_due';
      readonly subject: { readonly personId: string; readonly placementId: string; readonly checkId: string };
      readonly params: { readonly monthsAfterEnd: number; readonly lastWorkedDay: Day; readonly dueOn: Day };
    };

/** A kind of notification. */
export type NoticeKind = NoticeContent['kind'];

/** Every kind, for schemas and translation checks. */
export const NOTICE_KINDS = [
  'income_suspended',
  'income_reopened',
  'aid_at_risk',
  'committee_decision',
  'placement_started',
  'check_in_overdue',
  'host_blocked_placements',
  'work_accident',
  'host_safety_status_changed',
  'outcome_check_due',
] as const satisfies readonly NoticeKind[];

/** One notification to write: its content, the team queue it belongs to, the fact it stems from. */
export interface NoticeDraft {
  readonly content: NoticeContent;
  readonly role: NotifiedRole;
  /** The person it is about, if one: their followers in `role` get it addressed to them. */
  readonly personId: string | null;
  /** Persons whose followers get it too (a host blocked: the workers of its placements). */
  readonly alsoForFollowersOf?: readonly string[];
  /** The domain key: the same fact re-emitted under another event id gives no second notification. */
  readonly dedupeKey: string;
}

/** The roles each kind is worded for (and queued to): every pair has a title and body in every language. */
export const WORDED_FOR: Readonly<Record<NoticeKind, readonly NotifiedRole[]>> = {
  income_suspended: ['social_worker'],
  income_reopened: ['social_worker'],
  aid_at_risk: ['social_worker'],
  committee_decision: ['social_worker', 'placement_officer'],
  placement_started: ['placement_officer'],
  check_in_overdue: ['placement_officer'],
  host_blocked_placements: ['placement_officer'],
  work_accident: ['safety_officer'],
  host_safety_status_changed: ['safety_officer', 'placement_officer'],
  // The ISP follow-up goes on after the placement (DOMAIN.md, core chain): the officers record what became of the person.
  outcome_check_due: ['placement_officer'],
};
