import type { EventOf, IncomeSuspendedV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/** The RI is suspended for a placement: the person's social workers and their team hear of it at once. */
export const onIncomeSuspended = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof IncomeSuspendedV1>,
): Promise<void> => {
  const { personId, placementId, suspendedFrom, paidThrough } = event.data;
  await deliverNotice(
    context,
    tx,
    {
      content: {
        kind: 'income_suspended',
        subject: { personId, placementId },
        params: { suspendedFrom, paidThrough },
      },
      role: 'social_worker',
      personId,
      dedupeKey: dedupeKey('income_suspended', placementId, 'social_worker'),
    },
    originOf(event),
  );
};
