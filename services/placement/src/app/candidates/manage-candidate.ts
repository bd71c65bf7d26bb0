import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import { updateProfile, type Candidate, type CandidateProfileChange } from '../../domain/candidate.ts';
import type { Actor, CandidateStatus } from '../../domain/model.ts';
import { candidateIn, findCandidateStatement, saveCandidate } from '../../db/candidates.ts';
import { unknownSkillCodes } from '../../db/skills.ts';
import { changeCandidateStatus } from './change-status.ts';
import { candidateNotFound, findFollowedCandidate } from './read-candidates.ts';

/** Changes a candidate's profile (optimistic: a concurrent change answers 409). */
export const changeCandidateProfile = (
  context: ServiceContext,
  tenantId: string,
  id: string,
  change: CandidateProfileChange,
  by: Actor,
): Promise<Candidate> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx, [loaded]) => {
      const candidate = candidateIn(loaded);
      if (!candidate) throw candidateNotFound(id);
      if (change.skills) {
        const unknown = await unknownSkillCodes(tx, tenantId, change.skills);
        if (unknown.length > 0)
          throw new DomainError(
            'SKILL_UNKNOWN',
            'invalid',
            `unknown skills: ${unknown.join(', ')}`,
            'skills',
          );
      }
      const changed = updateProfile(candidate, change, by);
      if (!(await saveCandidate(tx, changed, candidate.version))) {
        throw new DomainError(
          'CANDIDATE_CHANGED_CONCURRENTLY',
          'conflict',
          `candidate ${id} was changed meanwhile`,
        );
      }
      return changed;
    },
    // The candidate, locked, read with BEGIN: one round trip instead of two.
    { atBegin: [findCandidateStatement(tenantId, id, true)] },
  );

/**
 * Moves a candidate along the lifecycle (e.g. in preparation → available), with a reason: an
 * officer, or the social worker who referred them (pause, exit).
 */
export const moveCandidate = (
  context: ServiceContext,
  tenantId: string,
  id: string,
  to: CandidateStatus,
  reason: string,
  by: Actor,
): Promise<Candidate> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const candidate = await findFollowedCandidate(tx, tenantId, id, by, true);
    return changeCandidateStatus(context, tx, candidate, to, by, reason);
  });
