import { addDays, maxDay } from './days.ts';
import {
  checkRole,
  invalid,
  type Actor,
  type KnownPlacement,
  type Role,
  type SafetyHost,
  type Site,
} from './model.ts';
import type { ScheduledVisit } from './visit.ts';

/** How grave an accident is; a severe one blocks new placements at the host until its visit. */
export const ACCIDENT_SEVERITIES = ['minor', 'moderate', 'severe'] as const;
export type AccidentSeverity = (typeof ACCIDENT_SEVERITIES)[number];

/** A work accident (accident du travail) during an article 60 placement. */
export interface WorkAccident {
  readonly id: string;
  readonly tenantId: string;
  readonly placementId: string;
  /** The worker it happened to, by pseudonymous id (the placement's; null if unknown here). */
  readonly personId: string | null;
  readonly hostEmployerId: string;
  readonly siteId: string;
  readonly occurredOn: string;
  /** Free text that may hold health data: answered to whoever records it, never in events or the host file. */
  readonly description: string;
  readonly severity: AccidentSeverity;
  readonly daysLost: number;
  readonly declaredToInsurer: boolean;
  readonly postAccidentVisitId: string;
  readonly reportedBy: Actor;
}

/** Who may record an accident: the safety officer, or the placement officer who hears of it first. */
export const REPORT_ACCIDENT_ROLES: readonly Role[] = ['safety_officer', 'placement_officer'];

/** The command to record an accident. */
export interface ReportAccident {
  readonly tenantId: string;
  readonly placementId: string;
  readonly siteId: string;
  readonly occurredOn: string;
  readonly description: string;
  readonly severity: AccidentSeverity;
  readonly daysLost: number;
  readonly declaredToInsurer: boolean;
}

/** What the decision needs to know. */
export interface AccidentFacts {
  readonly placement: KnownPlacement | undefined;
  readonly host: SafetyHost | undefined;
  readonly site: Site | undefined;
  readonly today: string;
  /** Days within which the post-accident visit is due (CPAS setting in force). */
  readonly postAccidentDueDays: number;
}

/**
 * Records an accident during a known placement at the site's host and schedules the
 * post-accident visit, due `postAccidentDueDays` after the accident, with the host's officer
 * (or the reporting safety officer; otherwise it waits for one to be assigned).
 */
export const reportAccident = (
  command: ReportAccident,
  facts: AccidentFacts,
  by: Actor,
  ids: { readonly accident: string; readonly visit: string },
): { readonly accident: WorkAccident; readonly visit: ScheduledVisit } => {
  checkRole(REPORT_ACCIDENT_ROLES, by, 'record a work accident');
  const { placement, host, site, today } = facts;
  if (!placement || !host)
    throw invalid('PLACEMENT_UNKNOWN', `no ongoing or past placement ${command.placementId}`, 'placementId');
  if (site?.hostEmployerId !== placement.hostEmployerId)
    throw invalid(
      'SITE_NOT_OF_HOST',
      `site ${command.siteId} is not a site of the placement's host`,
      'siteId',
    );
  if (command.occurredOn > today)
    throw invalid(
      'ACCIDENT_DATE_IN_FUTURE',
      `an accident cannot be dated after today ${today}`,
      'occurredOn',
    );
  if (
    command.occurredOn < placement.startDate ||
    (placement.lastWorkedDay !== null && command.occurredOn > placement.lastWorkedDay)
  )
    throw invalid(
      'ACCIDENT_OUTSIDE_PLACEMENT',
      `the placement ran from ${placement.startDate} to ${placement.lastWorkedDay ?? 'today'}`,
      'occurredOn',
    );
  const dueBy = addDays(command.occurredOn, facts.postAccidentDueDays);
  const visit: ScheduledVisit = {
    id: ids.visit,
    tenantId: command.tenantId,
    hostEmployerId: host.id,
    siteId: site.id,
    kind: 'post_accident',
    scheduledFor: maxDay(dueBy, today),
    dueBy,
    safetyOfficerId: host.assignedSafetyOfficerId ?? (by.role === 'safety_officer' ? by.id : null),
    overdueSince: null,
    accidentId: ids.accident,
    status: 'scheduled',
    version: 1,
  };
  return {
    accident: {
      ...command,
      id: ids.accident,
      personId: placement.personId,
      hostEmployerId: host.id,
      postAccidentVisitId: visit.id,
      reportedBy: by,
    },
    visit,
  };
};
