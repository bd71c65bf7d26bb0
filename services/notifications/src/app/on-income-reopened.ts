import type { EventOf, IncomeReopenedV1, IncomeReopenedV2 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { caseKey } from '../domain/reminders.ts';
import { closeCases } from '../db/reminders.ts';
import { rememberSubjectPerson } from './remember-person.ts';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/**
 * The RI was reopened (v1: a trial ended; v2 also: a contract ended early): the social workers
 * hear of it at once; the placement is over, so its reminders stop (aid no longer at risk of
 * this suspension, check-ins, the sheet); the reopening's person is remembered for the committee's decision.
 */
export const onIncomeReopened = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof IncomeReopenedV1> | EventOf<typeof IncomeReopenedV2>,
): Promise<void> => {
  const { personId, placementId, reopeningId, effectiveFrom } = event.data;
  // v1 is emitted for trial ends only, without saying which kind of end.
  const cause = 'cause' in event.data ? event.data.cause : 'trial_end';
  await rememberSubjectPerson(context, tx, event.tenantId, 'reopening', reopeningId, personId);
  await closeCases(tx, event.tenantId, [caseKey.placement(placementId)], event.type, context.clock.now());
  await deliverNotice(
    context,
    tx,
    {
      content: {
        kind: 'income_reopened',
        subject: { personId, placementId, reopeningId },
        params: { effectiveFrom, cause },
      },
      role: 'social_worker',
      personId,
      dedupeKey: dedupeKey('income_reopened', reopeningId, 'social_worker'),
    },
    originOf(event),
  );
};
