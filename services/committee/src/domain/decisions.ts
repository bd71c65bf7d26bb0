import { DomainError } from '@relais/service-kit/errors';
import type {
  Actor,
  AgendaItem,
  Amendments,
  Decision,
  Dissent,
  Outcome,
  Proposal,
  Session,
  Vote,
} from './model.ts';
import { checkAmendments, PROPOSAL_RULES } from './proposals.ts';
import { attendanceOf, checkPlanned } from './sessions.ts';
import { checkNoConflict, checkVote } from './votes.ts';

/** What the committee decided on one proposal, as recorded (step two). */
export interface DecisionInput {
  readonly outcome: Outcome;
  readonly reasonCode?: string | undefined;
  readonly reasonText?: string | undefined;
  readonly amendments?: Amendments | undefined;
  readonly effectiveOn?: string | undefined;
  readonly vote: Vote;
  readonly dissent: readonly Dissent[];
}

export interface RecordContext {
  readonly decisionId: string;
  readonly actor: Actor;
  readonly now: string;
  readonly today: string;
}

/** Refuses a session that cannot decide now: closed, not yet held, or without its quorum. */
export const checkSessionCanDecide = (session: Session, today: string): void => {
  checkPlanned(session);
  if (session.date > today)
    throw new DomainError('SESSION_NOT_HELD_YET', 'conflict', `session ${session.id} is on ${session.date}`);
  const { votingPresent, quorumReached } = attendanceOf(session);
  if (!quorumReached)
    throw new DomainError(
      'QUORUM_NOT_MET',
      'conflict',
      `${String(votingPresent)} voting members present, the quorum is ${String(session.quorum)}`,
    );
};

const checkReasons = (input: DecisionInput, required: boolean): void => {
  if (!required) return;
  if (!input.reasonCode)
    throw new DomainError(
      'REASON_REQUIRED',
      'invalid',
      `a decision ${input.outcome} needs its reason code`,
      'reasonCode',
    );
  if (!input.reasonText)
    throw new DomainError(
      'REASON_REQUIRED',
      'invalid',
      `a decision ${input.outcome} states its reasons`,
      'reasonText',
    );
};

/** The decision as it will be recorded, every rule of the proposal and the vote checked. */
const buildDecision = (
  item: AgendaItem,
  proposal: Proposal,
  session: Session,
  input: DecisionInput,
  ctx: RecordContext,
  correctsDecisionId: string | null,
): Decision => {
  checkNoConflict(ctx.actor.id, item.conflictsOfInterest, 'record the decision on this item');
  checkReasons(input, input.outcome !== 'approved' || correctsDecisionId !== null);
  const amendments = checkAmendments(proposal.kind, input.outcome, input.amendments ?? null);
  if (input.effectiveOn !== undefined && PROPOSAL_RULES[proposal.kind].subject !== 'contract_early_end')
    throw new DomainError(
      'EFFECTIVE_ON_NOT_SUPPORTED',
      'invalid',
      'only a contract end has an effective day',
      'effectiveOn',
    );
  checkVote(input.vote, input.outcome, input.dissent, session, item.conflictsOfInterest);
  return {
    id: ctx.decisionId,
    itemId: item.id,
    proposalId: proposal.id,
    sessionId: session.id,
    status: 'recorded',
    outcome: input.outcome,
    reasonCode: input.reasonCode ?? null,
    reasonText: input.reasonText ?? null,
    amendments,
    effectiveOn: input.effectiveOn ?? null,
    decidedOn: session.date,
    vote: input.vote,
    dissent: input.dissent,
    correctsDecisionId,
    recordedBy: ctx.actor,
    recordedAt: ctx.now,
    signedBy: null,
    signedAt: null,
  };
};

/**
 * Records the committee's decision on one proposal of a prepared item on the agenda of a held
 * session with its quorum. It replaces an earlier unsigned record of the same proposal; a
 * proposal already signed is corrected, never decided again.
 */
export const recordDecision = (
  item: AgendaItem,
  session: Session,
  proposalId: string,
  input: DecisionInput,
  ctx: RecordContext,
): { decision: Decision; replaces: string | null } => {
  if (!item.preparation)
    throw new DomainError('ITEM_NOT_PREPARED', 'conflict', `item ${item.id} has not been prepared yet`);
  if (item.status !== 'scheduled' || item.sessionId !== session.id)
    throw new DomainError(
      'ITEM_NOT_ON_SESSION',
      'conflict',
      `item ${item.id} is not on this session's agenda`,
    );
  checkSessionCanDecide(session, ctx.today);
  const proposal = item.proposals.find((p) => p.id === proposalId);
  if (!proposal)
    throw new DomainError(
      'PROPOSAL_NOT_FOUND',
      'not_found',
      `no proposal ${proposalId} on this item`,
      'proposalId',
    );
  const onProposal = item.decisions.filter((d) => d.proposalId === proposalId);
  if (onProposal.some((d) => d.status === 'signed'))
    throw new DomainError(
      'PROPOSAL_ALREADY_DECIDED',
      'conflict',
      'this proposal has a signed decision: correct it instead',
    );
  const decision = buildDecision(item, proposal, session, input, ctx, null);
  return { decision, replaces: onProposal.find((d) => d.status === 'recorded')?.id ?? null };
};

/** The signed decision that stands for a proposal: the last signed one (a correction supersedes). */
export const standingDecision = (item: AgendaItem, proposalId: string): Decision | undefined =>
  item.decisions
    .filter((d) => d.proposalId === proposalId && d.status === 'signed')
    .sort((a, b) => (a.signedAt ?? '').localeCompare(b.signedAt ?? ''))
    .at(-1);

/**
 * A correction: a new decision on the same proposal, referring to the signed decision it
 * corrects, which stays as it was. It states its reasons whatever its outcome, and only the
 * decision that currently stands can be corrected.
 */
export const correctDecision = (
  item: AgendaItem,
  original: Decision,
  session: Session,
  input: DecisionInput,
  ctx: RecordContext,
): { decision: Decision; replaces: string | null } => {
  if (original.status !== 'signed')
    throw new DomainError(
      'DECISION_NOT_SIGNED',
      'conflict',
      'an unsigned decision is recorded again, not corrected',
    );
  if (standingDecision(item, original.proposalId)?.id !== original.id)
    throw new DomainError('DECISION_ALREADY_CORRECTED', 'conflict', 'correct the decision that stands now');
  checkSessionCanDecide(session, ctx.today);
  const proposal = item.proposals.find((p) => p.id === original.proposalId);
  if (!proposal) throw new Error(`decision ${original.id} refers to a missing proposal`);
  const decision = buildDecision(item, proposal, session, input, ctx, original.id);
  const pending = item.decisions.find((d) => d.status === 'recorded' && d.correctsDecisionId === original.id);
  return { decision, replaces: pending?.id ?? null };
};
