import type { EventOf, WorkAccidentReportedV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { lockHost } from '../db/subjects.ts';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/**
 * A work accident was reported (seed 004 §4.4): the safety officers are told, with the day the
 * post-accident visit is due, and reminded from that day on. Severity is health-related: it goes
 * to the safety officers only, never into an email.
 */
export const onWorkAccident = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof WorkAccidentReportedV1>,
): Promise<void> => {
  const {
    accidentId,
    placementId,
    hostEmployerId,
    occurredOn,
    severity,
    postAccidentVisitId,
    postAccidentVisitDueBy,
  } = event.data;
  await deliverNotice(
    context,
    tx,
    {
      content: {
        kind: 'work_accident',
        subject: { accidentId, placementId, hostEmployerId, postAccidentVisitId },
        params: {
          occurredOn,
          severity,
          postAccidentVisitDueBy,
          hostName: await lockHost(tx, hostEmployerId),
        },
      },
      role: 'safety_officer',
      personId: null,
      dedupeKey: dedupeKey('work_accident', accidentId, 'safety_officer'),
    },
    originOf(event),
  );
};
