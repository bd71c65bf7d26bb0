import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import { matchCandidate, rankCandidates } from '../../domain/matching.ts';
import type { Actor } from '../../domain/model.ts';
import { presentShortlist, type SelectionMode, type Shortlist } from '../../domain/shortlist.ts';
import { findCandidates, listMatchableCandidates } from '../../db/candidates.ts';
import { findPositionForMatching } from '../../db/matching.ts';
import { loadMatchingSettings } from '../../db/settings.ts';
import { insertShortlist } from '../../db/shortlists.ts';
import { changeCandidateStatus } from '../candidates/change-status.ts';
import { assertMatchable } from './matches.ts';

/** The officer's request: a mode and, optionally, the candidates they picked (else the best ranked). */
export interface PresentCandidates {
  readonly tenantId: string;
  readonly positionId: string;
  readonly mode: SelectionMode;
  readonly candidateIds?: readonly string[];
}

/**
 * Presents candidates to the host (one, or a shortlist): each is checked against every hard
 * filter, stored with the explanation of their match, and marked shortlisted.
 */
export const presentCandidates = (
  context: ServiceContext,
  command: PresentCandidates,
  by: Actor,
): Promise<Shortlist> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const { tenantId } = command;
    const position = await findPositionForMatching(tx, tenantId, command.positionId, true);
    if (!position)
      throw new DomainError('POSITION_NOT_FOUND', 'not_found', `no position ${command.positionId}`);
    assertMatchable(position);
    const today = belgianDay(context.clock.now());
    const settings = await loadMatchingSettings(tx, tenantId, today);
    const size = command.mode === 'single' ? 1 : settings.shortlistSize;
    let ids = command.candidateIds;
    if (!ids) {
      const ranking = rankCandidates(
        position,
        await listMatchableCandidates(tx, tenantId, true),
        settings.weights,
        today,
        { limit: size },
      );
      ids = ranking.ranked.map((r) => r.candidateId);
    }
    const candidates = new Map((await findCandidates(tx, tenantId, ids, true)).map((c) => [c.id, c]));
    const picks = ids.map((id, i) => {
      const candidate = candidates.get(id);
      if (!candidate)
        throw new DomainError(
          'CANDIDATE_NOT_FOUND',
          'invalid',
          `no candidate ${id}`,
          `candidateIds.${String(i)}`,
        );
      return matchCandidate(position, candidate, settings.weights, today);
    });
    const shortlist = presentShortlist({
      id: context.clock.newId(),
      tenantId,
      positionId: position.id,
      mode: command.mode,
      picks,
      maxSize: size,
      createdBy: by.id,
    });
    await insertShortlist(tx, shortlist);
    for (const entry of shortlist.entries) {
      const candidate = candidates.get(entry.candidateId);
      if (candidate)
        await changeCandidateStatus(context, tx, candidate, 'shortlisted', by, 'presented_to_host');
    }
    return shortlist;
  });
