import { notePersonsChanged, type Tx } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Candidate } from '../../domain/candidate.ts';
import { transitionCandidate } from '../../domain/candidate-lifecycle.ts';
import type { Actor, CandidateStatus } from '../../domain/model.ts';
import { recordStatusChange, saveCandidate } from '../../db/candidates.ts';

/** The platform itself, when an event or a schedule moves a candidate on. */
export const SYSTEM_ACTOR: Actor = { id: '00000000-0000-0000-0000-000000000000', role: 'system' };

/**
 * Moves a candidate to another status inside the caller's transaction: the lifecycle decides
 * (declared transitions, roles, reasons), the change and its history row are written together.
 */
export const changeCandidateStatus = async (
  context: ServiceContext,
  tx: Tx,
  candidate: Candidate,
  to: CandidateStatus,
  by: Actor,
  reason: string,
): Promise<Candidate> => {
  const change = transitionCandidate(candidate, to, by, reason, context.clock.now().toISOString());
  const changed: Candidate = { ...candidate, status: to, version: candidate.version + 1 };
  if (!(await saveCandidate(tx, changed, candidate.version))) {
    throw new DomainError(
      'CANDIDATE_CHANGED_CONCURRENTLY',
      'conflict',
      `candidate ${candidate.id} was changed meanwhile; reload and retry`,
    );
  }
  await recordStatusChange(tx, candidate.tenantId, candidate.id, context.clock.newId(), change);
  notePersonsChanged(tx, [candidate.id]);
  return changed;
};
