import { DomainError } from '@relais/service-kit/errors';
import type { Actor, AgendaItem, Decision, Session } from './model.ts';
import { isVoting } from './sessions.ts';
import { checkNoConflict, checkVote } from './votes.ts';

export interface SignItem {
  readonly signer: Actor;
  readonly at: string;
  readonly acknowledgeConflicts: boolean;
  /** Conflicting decisions about the same person found on open items (see conflicts.ts). */
  readonly conflictCount: number;
}

/**
 * Signs every recorded decision of an item. The signer is a committee member present at the
 * session that decided, who neither prepared the item nor declared a conflict of interest on it
 * (two steps, two people, both kept). On the first signature every proposal must be decided;
 * votes are checked again, since a conflict may have been declared after they were recorded.
 * Signed decisions are final.
 */
export const signItem = (
  item: AgendaItem,
  sessions: ReadonlyMap<string, Session>,
  cmd: SignItem,
): { signed: Decision[]; decided: boolean } => {
  const drafts = item.decisions.filter((d) => d.status === 'recorded');
  if (drafts.length === 0)
    throw new DomainError('NOTHING_TO_SIGN', 'conflict', `item ${item.id} has no decision to sign`);
  const undecided = item.proposals.filter((p) => !item.decisions.some((d) => d.proposalId === p.id));
  if (undecided.length > 0)
    throw new DomainError(
      'DECISIONS_MISSING',
      'conflict',
      `no decision yet on ${undecided.map((p) => p.kind).join(', ')}`,
    );
  if (item.preparation?.by.id === cmd.signer.id)
    throw new DomainError(
      'SIGNER_PREPARED_ITEM',
      'conflict',
      'the decision is signed by a member who did not prepare the item',
    );
  checkNoConflict(cmd.signer.id, item.conflictsOfInterest, 'sign the decision on this item');
  if (cmd.conflictCount > 0 && !cmd.acknowledgeConflicts)
    throw new DomainError(
      'CONFLICTS_NOT_ACKNOWLEDGED',
      'conflict',
      'other open proposals about this person contradict these decisions: acknowledge them to sign',
      'acknowledgeConflicts',
    );
  const signed = drafts.map((d): Decision => {
    const session = sessions.get(d.sessionId);
    if (!session) throw new Error(`decision ${d.id} refers to a missing session`);
    const member = session.members.find((m) => m.accountId === cmd.signer.id);
    if (!member || !member.present || !isVoting(member))
      throw new DomainError(
        'SIGNER_NOT_PRESENT_MEMBER',
        'forbidden',
        'the signer is a voting member present at the session',
      );
    checkVote(d.vote, d.outcome, d.dissent, session, item.conflictsOfInterest);
    return { ...d, status: 'signed', signedBy: cmd.signer.id, signedAt: cmd.at };
  });
  const decided = item.proposals.every((p) =>
    [...signed, ...item.decisions].some((d) => d.proposalId === p.id && d.status === 'signed'),
  );
  return { signed, decided };
};
