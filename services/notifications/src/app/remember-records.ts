import type { EngagementProposedV1, EventOf, HostEmployerRegisteredV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { saveHost } from '../db/subjects.ts';
import type { NotificationsContext } from './notice-context.ts';
import { rememberSubjectPerson } from './remember-person.ts';

/** An engagement was proposed: the committee's decision on it will name only the proposal. */
export const onEngagementProposed = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof EngagementProposedV1>,
): Promise<void> => {
  await rememberSubjectPerson(
    context,
    tx,
    event.tenantId,
    'engagement_proposal',
    event.data.proposalId,
    event.data.personId,
  );
};

/** A host employer was registered: its name words the sheet and the safety notifications. */
export const onHostRegistered = async (
  tx: Tx,
  event: EventOf<typeof HostEmployerRegisteredV1>,
): Promise<void> => {
  await saveHost(tx, event.tenantId, event.data.hostEmployerId, event.data.name);
};
