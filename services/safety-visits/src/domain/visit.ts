import { checkRole, conflict, invalid, type Actor, type Role, type SafetyHost, type Site } from './model.ts';

/** Why a visit is made (seed 004 §4.4: before a partner is approved, regularly, after an accident). */
export const VISIT_KINDS = ['pre_approval', 'periodic', 'post_accident', 'on_request'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** Where a visit stands. */
export const VISIT_STATUSES = ['scheduled', 'completed', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** An answer to one checklist item. */
export interface ChecklistAnswer {
  readonly code: string;
  readonly result: 'compliant' | 'not_compliant' | 'not_applicable';
  readonly note: string | null;
}

/** The report of a completed visit, against one version of the CPAS's checklist. */
export interface VisitReport {
  readonly completedOn: string;
  readonly outcome: 'favourable' | 'unfavourable';
  readonly templateId: string;
  readonly checklist: readonly ChecklistAnswer[];
  readonly summary: string | null;
}

/** The host's acknowledgement of the report (who signed, by function, not by name). */
export interface Acknowledgement {
  readonly acknowledgedOn: string;
  readonly byFunction: string;
  readonly comment: string | null;
}

interface VisitBase {
  readonly id: string;
  readonly tenantId: string;
  readonly hostEmployerId: string;
  readonly siteId: string;
  readonly kind: VisitKind;
  readonly scheduledFor: string;
  /** The day by which the visit must take place: the scheduled day, or the post-accident deadline. */
  readonly dueBy: string;
  readonly safetyOfficerId: string | null;
  readonly overdueSince: string | null;
  readonly accidentId: string | null;
  readonly version: number;
}

/** A prevention visit (visite de prévention), a union on its status. */
export type PreventionVisit =
  | (VisitBase & { readonly status: 'scheduled' })
  | (VisitBase & {
      readonly status: 'completed';
      readonly report: VisitReport;
      readonly acknowledgement: Acknowledgement | null;
    })
  | (VisitBase & { readonly status: 'cancelled'; readonly cancelReason: string });

/** A visit still to be made. */
export type ScheduledVisit = Extract<PreventionVisit, { status: 'scheduled' }>;
/** A visit with its report. */
export type CompletedVisit = Extract<PreventionVisit, { status: 'completed' }>;

// The prevention officers plan and report visits; the CPAS administrator manages settings only
// (the same rule as the access matrix, src/http/access.ts).
const OFFICERS: readonly Role[] = ['safety_officer'];

/** Every change of a visit and who may make it. */
export const VISIT_TRANSITIONS = {
  schedule: { from: [], to: 'scheduled', roles: OFFICERS },
  reschedule: { from: ['scheduled'], to: 'scheduled', roles: OFFICERS },
  cancel: { from: ['scheduled'], to: 'cancelled', roles: OFFICERS },
  report: { from: ['scheduled'], to: 'completed', roles: ['safety_officer'] },
  acknowledge: { from: ['completed'], to: 'completed', roles: ['safety_officer'] },
} as const satisfies Record<
  string,
  { from: readonly VisitStatus[]; to: VisitStatus; roles: readonly Role[] }
>;
export type VisitTransitionName = keyof typeof VISIT_TRANSITIONS;

/** Refuses a transition the actor may not make or the visit's status does not allow. */
export const checkVisitTransition = (
  visit: Pick<PreventionVisit, 'id' | 'status'>,
  name: VisitTransitionName,
  by: Actor,
): void => {
  const transition = VISIT_TRANSITIONS[name];
  checkRole(transition.roles, by, `${name} a visit`);
  if (!(transition.from as readonly VisitStatus[]).includes(visit.status))
    throw conflict('VISIT_TRANSITION_NOT_ALLOWED', `visit ${visit.id} is ${visit.status}: cannot ${name} it`);
};

/** The safety officer's command to schedule a visit. */
export interface ScheduleVisit {
  readonly tenantId: string;
  readonly hostEmployerId: string;
  readonly siteId: string;
  readonly kind: VisitKind;
  readonly scheduledFor: string;
  readonly safetyOfficerId: string;
}

/**
 * Schedules a visit at a site of a known host, with its officer, on a day not already past.
 * Post-accident visits are scheduled by the accident report, never by hand.
 */
export const scheduleVisit = (
  command: ScheduleVisit,
  facts: { readonly host: SafetyHost | undefined; readonly site: Site | undefined; readonly today: string },
  by: Actor,
  id: string,
): ScheduledVisit => {
  checkRole(VISIT_TRANSITIONS.schedule.roles, by, 'schedule a visit');
  if (!facts.host)
    throw invalid('HOST_EMPLOYER_UNKNOWN', `no host employer ${command.hostEmployerId}`, 'hostEmployerId');
  if (facts.site?.hostEmployerId !== facts.host.id)
    throw invalid(
      'SITE_NOT_OF_HOST',
      `site ${command.siteId} is not a site of host ${facts.host.id}`,
      'siteId',
    );
  if (command.kind === 'post_accident')
    throw invalid(
      'POST_ACCIDENT_VISIT_FROM_ACCIDENT',
      'a post-accident visit comes from an accident report',
      'kind',
    );
  checkNotPast(command.scheduledFor, facts.today);
  return {
    ...command,
    id,
    status: 'scheduled',
    dueBy: command.scheduledFor,
    overdueSince: null,
    accidentId: null,
    version: 1,
  };
};

const checkNotPast = (day: string, today: string) => {
  if (day < today)
    throw invalid(
      'VISIT_DATE_IN_PAST',
      `a visit cannot be scheduled on ${day}, before today ${today}`,
      'scheduledFor',
    );
};

/**
 * Moves a visit to another day, with the officer's reason, and may hand it to another officer.
 * A post-accident visit keeps its deadline: moving it past the deadline leaves it overdue.
 */
export const rescheduleVisit = (
  visit: PreventionVisit,
  change: { readonly scheduledFor: string; readonly safetyOfficerId: string | null },
  by: Actor,
  today: string,
): ScheduledVisit => {
  checkVisitTransition(visit, 'reschedule', by);
  if (visit.status !== 'scheduled') throw new Error('unreachable: checked above');
  checkNotPast(change.scheduledFor, today);
  const dueBy = visit.kind === 'post_accident' ? visit.dueBy : change.scheduledFor;
  return {
    ...visit,
    scheduledFor: change.scheduledFor,
    dueBy,
    safetyOfficerId: change.safetyOfficerId ?? visit.safetyOfficerId,
    overdueSince: dueBy < today ? visit.overdueSince : null,
    version: visit.version + 1,
  };
};

/** Cancels a visit with a reason. A post-accident visit cannot be cancelled: it can only be moved. */
export const cancelVisit = (visit: PreventionVisit, reason: string, by: Actor): PreventionVisit => {
  checkVisitTransition(visit, 'cancel', by);
  if (visit.kind === 'post_accident')
    throw conflict(
      'POST_ACCIDENT_VISIT_NOT_CANCELLABLE',
      `visit ${visit.id} follows an accident: reschedule it instead`,
    );
  return { ...visit, status: 'cancelled', cancelReason: reason, version: visit.version + 1 };
};

/** Flags a visit whose deadline has passed; undefined when it is not (or already) overdue. */
export const markVisitOverdue = (visit: PreventionVisit, today: string): PreventionVisit | undefined =>
  visit.status === 'scheduled' && visit.overdueSince === null && visit.dueBy < today
    ? { ...visit, overdueSince: today, version: visit.version + 1 }
    : undefined;

/** Records the host's acknowledgement of a completed visit's report (once). */
export const acknowledgeReport = (
  visit: PreventionVisit,
  acknowledgement: Acknowledgement,
  by: Actor,
  today: string,
): CompletedVisit => {
  checkVisitTransition(visit, 'acknowledge', by);
  if (visit.status !== 'completed') throw new Error('unreachable: checked above');
  if (visit.acknowledgement)
    throw conflict('REPORT_ALREADY_ACKNOWLEDGED', `the report of visit ${visit.id} is already acknowledged`);
  if (acknowledgement.acknowledgedOn < visit.report.completedOn || acknowledgement.acknowledgedOn > today)
    throw invalid(
      'ACKNOWLEDGEMENT_DATE_INVALID',
      `the acknowledgement must fall between the visit (${visit.report.completedOn}) and today (${today})`,
      'acknowledgedOn',
    );
  return { ...visit, acknowledgement, version: visit.version + 1 };
};
