import type { CommitteeDecisionRecordedV1, EventOf } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { COMMITTEE_AUDIENCES, SUBJECT_RECORDS } from '../domain/committee.ts';
import { personOf } from '../db/subjects.ts';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/**
 * The comité spécial signed a decision: the staff concerned hear of it at once (the seed's
 * "relayed to the social service the next day" becomes immediate). The decision names only its
 * subject; its person comes from the events that told of that subject. Unknown, the team still
 * hears, and the notification gets its person when such an event comes (rememberSubjectPerson).
 */
export const onCommitteeDecision = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof CommitteeDecisionRecordedV1>,
): Promise<void> => {
  const { decisionId, subject, outcome, decidedOn } = event.data;
  const record = SUBJECT_RECORDS[subject.kind];
  const personId = record ? await personOf(tx, record, subject.id) : null;
  if (record && !personId)
    context.logger.warn(
      { decisionId, subjectKind: subject.kind },
      'committee decision on a subject whose person is not known yet: told without one, linked once an event names it',
    );
  for (const role of COMMITTEE_AUDIENCES[subject.kind])
    await deliverNotice(
      context,
      tx,
      {
        content: {
          kind: 'committee_decision',
          subject: { decisionId, subjectKind: subject.kind, subjectId: subject.id, personId },
          params: { subjectKind: subject.kind, outcome, decidedOn },
        },
        role,
        personId,
        dedupeKey: dedupeKey('committee_decision', decisionId, role),
      },
      originOf(event),
    );
};
