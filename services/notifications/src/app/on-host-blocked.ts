import type { EventOf, HostBlockedPlacementsAlertV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { lockHost, personsOfPlacements } from '../db/subjects.ts';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/**
 * A host was blocked for safety while placements go on there: the placement officers — and
 * personally those who follow the workers placed there — must look at each placement; nobody
 * ends them silently. Reminded until the host may take placements again.
 */
export const onHostBlocked = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof HostBlockedPlacementsAlertV1>,
): Promise<void> => {
  const { hostEmployerId, blockedOn, placementIds } = event.data;
  await deliverNotice(
    context,
    tx,
    {
      content: {
        kind: 'host_blocked_placements',
        subject: { hostEmployerId, placementIds },
        params: { blockedOn, count: placementIds.length, hostName: await lockHost(tx, hostEmployerId) },
      },
      role: 'placement_officer',
      personId: null,
      alsoForFollowersOf: await personsOfPlacements(tx, placementIds),
      dedupeKey: dedupeKey('host_blocked_placements', `${hostEmployerId}:${blockedOn}`, 'placement_officer'),
    },
    originOf(event),
  );
};
