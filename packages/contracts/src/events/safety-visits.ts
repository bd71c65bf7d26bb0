import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/**
 * A host employer's safety status, as the prevention officers assess it (seed 004 §4.4:
 * visits before the committee approves a partner, and regularly afterwards).
 * Only `cleared` and `cleared_with_actions` allow new placements.
 */
export const hostSafetyStatus = z.enum([
  'not_assessed',
  'cleared',
  'cleared_with_actions',
  'new_placements_suspended',
]);

/** Whether a safety status lets the CPAS place new workers at the host. */
export const allowsNewPlacements = (status: z.infer<typeof hostSafetyStatus>): boolean =>
  status === 'cleared' || status === 'cleared_with_actions';

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
