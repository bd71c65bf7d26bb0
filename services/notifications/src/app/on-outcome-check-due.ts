import type { EventOf, OutcomeCheckDueV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/**
 * An outcome check after a placement fell due: the placement officers (the ISP follow-up goes on
 * after the placement) are told, and reminded weekly until the situation is recorded.
 */
export const onOutcomeCheckDue = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof OutcomeCheckDueV1>,
): Promise<void> => {
  const { checkId, personId, placementId, monthsAfterEnd, lastWorkedDay, dueOn } = event.data;
  await deliverNotice(
    context,
    tx,
    {
      content: {
        kind: 'outcome_check_due',
        subject: { personId, placementId, checkId },
        params: { monthsAfterEnd, lastWorkedDay, dueOn },
      },
      role: 'placement_officer',
      personId,
      dedupeKey: dedupeKey('outcome_check_due', checkId, 'placement_officer'),
    },
    originOf(event),
  );
};
