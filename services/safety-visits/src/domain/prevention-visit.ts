import { DomainError } from '@relais/service-kit/errors';

/** The roles allowed to schedule a visit (enforced once sign-in exists, issue 7). */
export const SCHEDULE_VISIT_ROLES = ['safety_officer'] as const;

/** Why a visit is made (seed 004 §4.4: before a partner is approved, regularly, after an accident). */
export type VisitKind = 'pre_approval' | 'periodic' | 'post_accident' | 'on_request';

/** A prevention visit to a host employer (visite de prévention). */
export interface PreventionVisit {
  readonly id: string;
  readonly tenantId: string;
  readonly hostEmployerId: string;
  readonly kind: VisitKind;
  readonly scheduledFor: string;
  readonly safetyOfficerId: string;
  readonly status: 'scheduled';
}

/** The safety officer's command. */
export type ScheduleVisit = Omit<PreventionVisit, 'id' | 'status'>;

/** Schedules a visit; a visit cannot be scheduled on a day already past. */
export const scheduleVisit = (command: ScheduleVisit, today: string, id: string): PreventionVisit => {
  if (command.scheduledFor < today) {
    throw new DomainError(
      'VISIT_DATE_IN_PAST',
      'invalid',
      `a visit cannot be scheduled on ${command.scheduledFor}, before today ${today}`,
      'scheduledFor',
    );
  }
  return { ...command, id, status: 'scheduled' };
};
