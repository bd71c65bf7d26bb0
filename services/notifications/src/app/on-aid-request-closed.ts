import type { AidRequestClosedV1, EventOf } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { caseKey } from '../domain/reminders.ts';
import { allClosed, closeCases, openAlertsWaitingOn } from '../db/reminders.ts';
import type { NotificationsContext } from './notice-context.ts';

/**
 * An aid request was closed. An aid-at-risk alert may name several pending requests: its reminder
 * stops only once every one of them is closed, since one still pending can still be lost with the
 * RI. The closed request is remembered, for alerts that name it with requests closed later.
 */
export const onAidRequestClosed = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof AidRequestClosedV1>,
): Promise<void> => {
  const { tenantId, type } = event;
  const now = context.clock.now();
  await closeCases(tx, tenantId, [caseKey.aidRequestClosed(event.data.aidRequestId)], type, now);
  for (const alert of await openAlertsWaitingOn(tx, event.data.aidRequestId)) {
    if (await allClosed(tx, alert.aidRequestIds.map(caseKey.aidRequestClosed))) {
      await closeCases(tx, tenantId, [caseKey.aidAtRisk(alert.alertId)], type, now);
    }
  }
};
