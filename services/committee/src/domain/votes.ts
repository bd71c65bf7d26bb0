import { DomainError } from '@relais/service-kit/errors';
import type { Dissent, Outcome, Session, Vote } from './model.ts';
import { isVoting } from './sessions.ts';

/** Members who may vote on an item: present, voting, and without a declared conflict of interest. */
export const eligibleVoters = (session: Session, conflicted: readonly string[]): string[] =>
  session.members
    .filter((m) => isVoting(m) && m.present && !conflicted.includes(m.accountId))
    .map((m) => m.accountId);

/** Refuses a member with a declared conflict of interest: they take no part in the item's decision. */
export const checkNoConflict = (accountId: string, conflicted: readonly string[], what: string): void => {
  if (conflicted.includes(accountId))
    throw new DomainError(
      'MEMBER_HAS_CONFLICT',
      'conflict',
      `a member with a declared conflict of interest cannot ${what}`,
    );
};

/**
 * Checks the vote against who could vote and what was decided: counts within the eligible
 * members, a majority for an approval or an amendment and none for a refusal; each dissent by
 * an eligible member, none under a unanimous vote, no more than those who did not vote for.
 */
export const checkVote = (
  vote: Vote,
  outcome: Outcome,
  dissent: readonly Dissent[],
  session: Session,
  conflicted: readonly string[],
): void => {
  const eligible = eligibleVoters(session, conflicted);
  if (eligible.length === 0)
    throw new DomainError('NO_ELIGIBLE_VOTER', 'conflict', 'no member present may vote on this item');
  for (const d of dissent) {
    checkNoConflict(d.accountId, conflicted, 'vote or dissent');
    if (!eligible.includes(d.accountId))
      throw new DomainError(
        'DISSENT_AUTHOR_NOT_VOTING',
        'invalid',
        'dissent comes from a voting member present',
        'dissent',
      );
  }
  if (new Set(dissent.map((d) => d.accountId)).size !== dissent.length)
    throw new DomainError('DISSENT_TWICE', 'invalid', 'one dissent per member', 'dissent');
  if (vote.kind === 'unanimous') {
    if (dissent.length > 0)
      throw new DomainError(
        'DISSENT_CONTRADICTS_UNANIMITY',
        'invalid',
        'a unanimous vote has no dissent',
        'dissent',
      );
    return;
  }
  const cast = vote.for + vote.against + vote.abstain;
  if (cast === 0) throw new DomainError('NO_VOTE_CAST', 'invalid', 'no vote cast', 'vote');
  if (cast > eligible.length)
    throw new DomainError(
      'VOTES_EXCEED_ELIGIBLE',
      'invalid',
      `${String(cast)} votes for ${String(eligible.length)} members who may vote (present, voting, no conflict of interest)`,
      'vote',
    );
  const carried = vote.for > vote.against;
  if (carried !== (outcome !== 'refused'))
    throw new DomainError(
      'VOTE_CONTRADICTS_OUTCOME',
      'invalid',
      `the vote does not give a decision ${outcome}`,
      'vote',
    );
  if (dissent.length > vote.against + vote.abstain)
    throw new DomainError(
      'DISSENT_EXCEEDS_VOTES',
      'invalid',
      'more dissents than votes against or abstentions',
      'dissent',
    );
};
