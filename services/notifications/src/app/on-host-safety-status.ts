import { allowsNewPlacements, type EventOf, type HostSafetyStatusChangedV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { WORDED_FOR } from '../domain/notices.ts';
import { caseKey } from '../domain/reminders.ts';
import { closeCases } from '../db/reminders.ts';
import { lockHost } from '../db/subjects.ts';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/**
 * A host's safety status changed: the safety officers and the placement officers (who may or may
 * not place workers there now) are told. A status allowing placements again closes the blocked
 * host's reminders; the visit that set it closes the post-accident reminder of that visit.
 */
export const onHostSafetyStatus = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof HostSafetyStatusChangedV1>,
): Promise<void> => {
  const { hostEmployerId, safetyStatus, visitId, assessedOn } = event.data;
  const closed = [
    ...(allowsNewPlacements(safetyStatus) ? [caseKey.hostCleared(hostEmployerId)] : []),
    ...(visitId ? [caseKey.visitAssessed(visitId)] : []),
  ];
  await closeCases(tx, event.tenantId, closed, event.type, context.clock.now());
  const name = await lockHost(tx, hostEmployerId);
  for (const role of WORDED_FOR.host_safety_status_changed)
    await deliverNotice(
      context,
      tx,
      {
        content: {
          kind: 'host_safety_status_changed',
          subject: { hostEmployerId, visitId },
          params: { safetyStatus, assessedOn, hostName: name },
        },
        role,
        personId: null,
        dedupeKey: dedupeKey(
          'host_safety_status_changed',
          `${hostEmployerId}:${safetyStatus}:${assessedOn}`,
          role,
        ),
      },
      originOf(event),
    );
};
