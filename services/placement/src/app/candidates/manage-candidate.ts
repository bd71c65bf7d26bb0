import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import { updateProfile, type Candidate, type CandidateProfileChange } from '../../domain/candidate.ts';
import type { Actor, CandidateStatus } from '../../domain/model.ts';
import {
  findCandidate,
  listCandidates,
  listStatusHistory,
  saveCandidate,
  type StatusChange,
} from '../../db/candidates.ts';
import { unknownSkillCodes } from '../../db/skills.ts';
import { changeCandidateStatus } from './change-status.ts';

const notFound = (id: string) => new DomainError('CANDIDATE_NOT_FOUND', 'not_found', `no candidate ${id}`);

/** One candidate, or CANDIDATE_NOT_FOUND (also for another CPAS's candidate). */
export const getCandidate = (context: ServiceContext, tenantId: string, id: string): Promise<Candidate> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => (await findCandidate(tx, tenantId, id)) ?? Promise.reject(notFound(id)),
    {
      readOnly: true,
    },
  );

/** A page of the CPAS's candidates. */
export const searchCandidates = (
  context: ServiceContext,
  tenantId: string,
  filter: {
    readonly status?: CandidateStatus;
    readonly q?: string;
    readonly limit: number;
    readonly offset: number;
  },
) =>
  withTenantTransaction(context.pool, tenantId, (tx) => listCandidates(tx, tenantId, filter), {
    readOnly: true,
  });

/** A candidate's status history: who moved them, when and why. */
export const getCandidateHistory = (
  context: ServiceContext,
  tenantId: string,
  id: string,
): Promise<StatusChange[]> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      if (!(await findCandidate(tx, tenantId, id))) throw notFound(id);
      return listStatusHistory(tx, tenantId, id);
    },
    { readOnly: true },
  );

/** Changes a candidate's profile (optimistic: a concurrent change answers 409). */
export const changeCandidateProfile = (
  context: ServiceContext,
  tenantId: string,
  id: string,
  change: CandidateProfileChange,
  by: Actor,
): Promise<Candidate> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const candidate = await findCandidate(tx, tenantId, id, true);
    if (!candidate) throw notFound(id);
    if (change.skills) {
      const unknown = await unknownSkillCodes(tx, tenantId, change.skills);
      if (unknown.length > 0)
        throw new DomainError('SKILL_UNKNOWN', 'invalid', `unknown skills: ${unknown.join(', ')}`, 'skills');
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
  });

/** An officer moves a candidate along the lifecycle (e.g. in preparation → available), with a reason. */
export const moveCandidate = (
  context: ServiceContext,
  tenantId: string,
  id: string,
  to: CandidateStatus,
  reason: string,
  by: Actor,
): Promise<Candidate> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const candidate = await findCandidate(tx, tenantId, id, true);
    if (!candidate) throw notFound(id);
    return changeCandidateStatus(context, tx, candidate, to, by, reason);
  });
