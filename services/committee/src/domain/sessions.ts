import { DomainError } from '@relais/service-kit/errors';
import type { Session, SessionMember } from './model.ts';

/** Members who vote: every member but the secretary, who keeps the minutes. */
export const isVoting = (member: SessionMember): boolean => member.role !== 'secretary';

/** Voting members present, and whether the session may decide. */
export const attendanceOf = (
  session: Pick<Session, 'members' | 'quorum'>,
): { votingPresent: number; quorumReached: boolean } => {
  const votingPresent = session.members.filter((m) => isVoting(m) && m.present).length;
  return { votingPresent, quorumReached: votingPresent >= session.quorum };
};

/**
 * Checks a roster: each account once, at most one chair, and enough voting members convened to
 * ever reach the quorum (a session that can never decide is a data-entry error).
 */
export const checkRoster = (members: readonly SessionMember[], quorum: number): void => {
  const ids = new Set(members.map((m) => m.accountId));
  if (ids.size !== members.length)
    throw new DomainError('MEMBER_LISTED_TWICE', 'invalid', 'each member appears once', 'members');
  if (members.filter((m) => m.role === 'chair').length > 1)
    throw new DomainError('SEVERAL_CHAIRS', 'invalid', 'a session has at most one chair', 'members');
  const voting = members.filter(isVoting).length;
  if (voting < quorum)
    throw new DomainError(
      'QUORUM_UNREACHABLE',
      'invalid',
      `${String(voting)} voting members cannot reach a quorum of ${String(quorum)}`,
      'quorum',
    );
};

/** Refuses a change to a session that is closed: its minutes are final. */
export const checkPlanned = (session: Session): void => {
  if (session.status !== 'planned')
    throw new DomainError('SESSION_CLOSED', 'conflict', `session ${session.id} is closed`);
};

/**
 * Closes a session. Every item on its agenda must be decided (signed) or have been postponed:
 * an item is never silently carried over to the next session.
 */
export const closeSession = (session: Session, undecidedItemIds: readonly string[]): Session => {
  checkPlanned(session);
  if (undecidedItemIds.length > 0)
    throw new DomainError(
      'ITEMS_LEFT_UNDECIDED',
      'conflict',
      `sign or postpone every item first: ${undecidedItemIds.join(', ')}`,
    );
  return { ...session, status: 'closed' };
};
