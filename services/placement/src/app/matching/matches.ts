import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import { clearedForPlacements, type PartnerStatus, type SafetyStatus } from '../../domain/host.ts';
import { rankCandidates, rankPositions, type Ranking } from '../../domain/matching.ts';
import { findCandidate, listMatchableCandidates } from '../../db/candidates.ts';
import {
  findPositionForMatching,
  listMatchablePositions,
  type PositionForMatching,
} from '../../db/matching.ts';
import { loadMatchingSettings } from '../../db/settings.ts';

/** Refuses to match or propose on a position that is not open or whose host may not receive new workers. */
export const assertMatchable = (position: PositionForMatching): void => {
  if (position.status !== 'open') {
    throw new DomainError('POSITION_NOT_OPEN', 'conflict', `position ${position.id} is ${position.status}`);
  }
  const host = {
    partnerStatus: position.hostPartnerStatus as PartnerStatus,
    safetyStatus: position.hostSafetyStatus as SafetyStatus,
  };
  if (!clearedForPlacements(host)) {
    throw new DomainError(
      'HOST_NOT_CLEARED_FOR_PLACEMENTS',
      'conflict',
      `the host is ${host.partnerStatus} with safety status ${host.safetyStatus}: no new placements`,
    );
  }
};

/** Ranks the CPAS's candidates for a position, each result explained; optionally lists the excluded. */
export const matchesForPosition = (
  context: ServiceContext,
  tenantId: string,
  positionId: string,
  options: { readonly includeExcluded: boolean; readonly limit: number },
): Promise<Ranking> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const position = await findPositionForMatching(tx, tenantId, positionId);
      if (!position) throw new DomainError('POSITION_NOT_FOUND', 'not_found', `no position ${positionId}`);
      assertMatchable(position);
      const today = belgianDay(context.clock.now());
      const settings = await loadMatchingSettings(tx, tenantId, today);
      const candidates = await listMatchableCandidates(tx, tenantId, !options.includeExcluded);
      return rankCandidates(position, candidates, settings.weights, today, options);
    },
    { readOnly: true },
  );

/** The reverse view: open positions of cleared hosts that fit a candidate, best first. */
export const matchesForCandidate = (
  context: ServiceContext,
  tenantId: string,
  candidateId: string,
  options: { readonly includeExcluded: boolean; readonly limit: number },
): Promise<Ranking> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const candidate = await findCandidate(tx, tenantId, candidateId);
      if (!candidate)
        throw new DomainError('CANDIDATE_NOT_FOUND', 'not_found', `no candidate ${candidateId}`);
      const today = belgianDay(context.clock.now());
      const settings = await loadMatchingSettings(tx, tenantId, today);
      return rankPositions(
        candidate,
        await listMatchablePositions(tx, tenantId),
        settings.weights,
        today,
        options,
      );
    },
    { readOnly: true },
  );
