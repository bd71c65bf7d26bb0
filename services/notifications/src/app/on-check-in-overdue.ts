import type { CheckInOverdueV1, EventOf } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { rememberSubjectPerson } from './remember-person.ts';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/** A check-in of a trial period is late: the placement officers are told, and reminded until the trial ends. */
export const onCheckInOverdue = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof CheckInOverdueV1>,
): Promise<void> => {
  const { checkInId, trialPeriodId, placementId, personId, sequence, dueOn } = event.data;
  await rememberSubjectPerson(context, tx, event.tenantId, 'trial_period', trialPeriodId, personId);
  await deliverNotice(
    context,
    tx,
    {
      content: {
        kind: 'check_in_overdue',
        subject: { personId, placementId, trialPeriodId, checkInId },
        params: { sequence, dueOn },
      },
      role: 'placement_officer',
      personId,
      dedupeKey: dedupeKey('check_in_overdue', checkInId, 'placement_officer'),
    },
    originOf(event),
  );
};
