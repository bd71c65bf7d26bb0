import type { AidAtRiskV1, EventOf } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { caseKey } from '../domain/reminders.ts';
import { allClosed, closeCases } from '../db/reminders.ts';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/**
 * Pending aid depends on an RI about to be suspended (seed 004 §4.3: the rental guarantee lost
 * while the social worker could not be reached): the person's social workers and the whole team
 * are told at once, and reminded until the case changes. Should every request of the alert be
 * closed already (an event replayed late), its reminder is born closed.
 */
export const onAidAtRisk = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof AidAtRiskV1>,
): Promise<void> => {
  const { alertId, personId, placementId, suspensionFrom, aidRequests } = event.data;
  const aidRequestIds = aidRequests.map((r) => r.aidRequestId);
  if (await allClosed(tx, aidRequestIds.map(caseKey.aidRequestClosed))) {
    await closeCases(
      tx,
      event.tenantId,
      [caseKey.aidAtRisk(alertId)],
      'AidRequestClosed',
      context.clock.now(),
    );
  }
  await deliverNotice(
    context,
    tx,
    {
      content: {
        kind: 'aid_at_risk',
        subject: { personId, placementId, alertId, aidRequestIds },
        params: {
          suspensionFrom,
          aidKinds: [...new Set(aidRequests.map((r) => r.kind))],
          count: aidRequests.length,
        },
      },
      role: 'social_worker',
      personId,
      dedupeKey: dedupeKey('aid_at_risk', alertId, 'social_worker'),
    },
    originOf(event),
  );
};
