import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/**
 * A host employer's safety status, as the prevention officers assess it (seed 004 §4.4:
 * visits before the committee approves a partner, and regularly afterwards).
 * `cleared_with_conditions`: open non-critical corrective actions. `blocked`: a critical finding,
 * an overdue critical action, or a severe accident awaiting its visit. `visit_overdue`: the
 * periodic visit is late. Only `cleared` and `cleared_with_conditions` allow new placements:
 * an overdue visit stops new placements until the host is seen again (existing ones go on).
 */
export const hostSafetyStatus = z.enum([
  'not_assessed',
  'cleared',
  'cleared_with_conditions',
  'blocked',
  'visit_overdue',
]);

/** Whether a safety status lets the CPAS place new workers at the host. */
export const allowsNewPlacements = (status: z.infer<typeof hostSafetyStatus>): boolean =>
  status === 'cleared' || status === 'cleared_with_conditions';

/** The safety status of a host employer changed after a visit, an overdue action or an accident. */
export const HostSafetyStatusChangedV1 = defineEvent({
  type: 'HostSafetyStatusChanged',
  version: 1,
  topic: TOPICS.safetyVisits,
  schema: z.object({
    hostEmployerId: z.uuid(),
    safetyStatus: hostSafetyStatus,
    /** Why, as a controlled code (`pre_approval_visit_favourable`, `critical_finding`, `work_accident`…). */
    reasonCode: z.string().regex(/^[a-z][a-z0-9_]{2,60}$/),
    visitId: z.uuid().nullable(),
    assessedOn: isoDate,
  }),
  personalFields: [],
});

/** How grave a work accident is; `severe` blocks new placements at the host until its visit. */
export const workAccidentSeverity = z.enum(['minor', 'moderate', 'severe']);

/**
 * A work accident happened to a worker during an article 60 placement at a host (seed 004 §4.4,
 * "Accidents du travail"). The CPAS, legal employer, insures it; the post-accident prevention
 * visit is already scheduled. The description stays in safety-visits: it may hold health data.
 */
export const WorkAccidentReportedV1 = defineEvent({
  type: 'WorkAccidentReported',
  version: 1,
  topic: TOPICS.safetyVisits,
  schema: z.object({
    accidentId: z.uuid(),
    placementId: z.uuid(),
    hostEmployerId: z.uuid(),
    siteId: z.uuid(),
    occurredOn: isoDate,
    severity: workAccidentSeverity,
    daysLost: z.number().int().min(0),
    declaredToInsurer: z.boolean(),
    postAccidentVisitId: z.uuid(),
    postAccidentVisitDueBy: isoDate,
  }),
  // No worker id, but the placement leads to one person: severity and days lost are health data.
  personalFields: [
    'placementId with severity and daysLost (an accident of an identifiable worker: health-related)',
  ],
});

/**
 * A host was blocked for safety: the referents of its ongoing placements must be alerted (the
 * notification part sends the messages). The placements go on: nobody ends them silently.
 */
export const HostBlockedPlacementsAlertV1 = defineEvent({
  type: 'HostBlockedPlacementsAlert',
  version: 1,
  topic: TOPICS.safetyVisits,
  schema: z.object({
    hostEmployerId: z.uuid(),
    reasonCode: z.string().regex(/^[a-z][a-z0-9_]{2,60}$/),
    blockedOn: isoDate,
    placementIds: z.array(z.uuid()),
  }),
  personalFields: [],
});

/** Why a prevention visit was made (seed 004 §4.4: before approval, regularly, after an accident). */
export const preventionVisitKind = z.enum(['pre_approval', 'periodic', 'post_accident', 'on_request']);

/**
 * A prevention officer reported a visit: its checklist is filled and its findings opened. Says
 * that the visit was held whatever it changed (a post-accident visit that leaves the host's
 * status as it was still ends the wait for it). The report itself stays in safety-visits.
 */
export const PreventionVisitReportedV1 = defineEvent({
  type: 'PreventionVisitReported',
  version: 1,
  topic: TOPICS.safetyVisits,
  schema: z.object({
    visitId: z.uuid(),
    hostEmployerId: z.uuid(),
    siteId: z.uuid(),
    kind: preventionVisitKind,
    completedOn: isoDate,
    outcome: z.enum(['favourable', 'unfavourable']),
    findings: z.number().int().min(0),
  }),
  personalFields: [],
});
