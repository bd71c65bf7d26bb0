import { readOnce, withTenantTransaction, type Queryable } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import { assertFollowsCandidate, followsEveryCandidate, type Candidate } from '../../domain/candidate.ts';
import type { Actor, CandidateStatus } from '../../domain/model.ts';
import {
  findCandidateAndReferrer,
  listCandidates,
  listStatusHistory,
  type StatusChange,
} from '../../db/candidates.ts';

/** CANDIDATE_NOT_FOUND, also for another CPAS's candidate: a CPAS cannot tell whether it exists. */
export const candidateNotFound = (id: string) =>
  new DomainError('CANDIDATE_NOT_FOUND', 'not_found', `no candidate ${id}`);

/** The candidate, if the caller follows them (see assertFollowsCandidate), inside the caller's transaction. */
export const findFollowedCandidate = async (
  tx: Queryable,
  tenantId: string,
  id: string,
  by: Actor,
  forUpdate = false,
): Promise<Candidate> => {
  const found = await findCandidateAndReferrer(tx, tenantId, id, forUpdate);
  if (!found) throw candidateNotFound(id);
  assertFollowsCandidate(by, found.referredBy);
  return found.candidate;
};

/** One candidate the caller follows, or CANDIDATE_NOT_FOUND. */
export const getCandidate = (
  context: ServiceContext,
  tenantId: string,
  id: string,
  by: Actor,
): Promise<Candidate> =>
  readOnce(context.pool, tenantId, (db) => findFollowedCandidate(db, tenantId, id, by));

/** A page of the candidates the caller follows: every one for an officer, a social worker's own referrals. */
export const searchCandidates = (
  context: ServiceContext,
  tenantId: string,
  filter: {
    readonly status?: CandidateStatus;
    readonly q?: string;
    readonly limit: number;
    readonly offset: number;
  },
  by: Actor,
) =>
  withTenantTransaction(
    context.pool,
    tenantId,
    (tx) =>
      listCandidates(tx, tenantId, followsEveryCandidate(by) ? filter : { ...filter, referredBy: by.id }),
    { readOnly: true },
  );

/** The status history of a candidate the caller follows: who moved them, when and why. */
export const getCandidateHistory = (
  context: ServiceContext,
  tenantId: string,
  id: string,
  by: Actor,
): Promise<StatusChange[]> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      await findFollowedCandidate(tx, tenantId, id, by);
      return listStatusHistory(tx, tenantId, id);
    },
    { readOnly: true },
  );
