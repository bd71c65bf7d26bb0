import type { Tx } from '@relais/messaging';
import { SUBJECT_RECORDS, type SubjectRecord } from '../domain/committee.ts';
import { followersIn } from '../db/followers.ts';
import { linkNoticesToPerson } from '../db/notices.ts';
import { rememberPerson } from '../db/subjects.ts';
import { addressNotice } from './deliver-notice.ts';
import type { NotificationsContext } from './notice-context.ts';

/** The kinds of committee subject whose id names a record of `record`. */
const subjectKindsOf = (record: SubjectRecord): string[] =>
  Object.entries(SUBJECT_RECORDS)
    .filter(([, named]) => named === record)
    .map(([kind]) => kind);

/**
 * Remembers the person of a record, as an event told it. A committee decision on that record may
 * have come first: it travels on another topic, and nothing orders the two (a service catching up
 * after an outage reads its topics side by side). Its notifications were then told without a
 * person (onCommitteeDecision); they get theirs now, and reach the person's followers as they
 * would have, in the same transaction.
 */
export const rememberSubjectPerson = async (
  context: NotificationsContext,
  tx: Tx,
  tenantId: string,
  record: SubjectRecord,
  recordId: string,
  personId: string,
): Promise<void> => {
  if (!(await rememberPerson(tx, tenantId, record, recordId, personId))) return;
  const linked = await linkNoticesToPerson(tx, tenantId, subjectKindsOf(record), recordId, personId);
  for (const notice of linked) {
    const recipients = await followersIn(tx, [personId], notice.role);
    if (recipients.length > 0) await addressNotice(context, tx, { tenantId, ...notice, recipients });
  }
};
