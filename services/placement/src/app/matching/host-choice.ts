import { HostChoiceRecordedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../../domain/model.ts';
import { recordHostChoice as decideChoice, type HostChoice, type Shortlist } from '../../domain/shortlist.ts';
import { findCandidates } from '../../db/candidates.ts';
import { findPositionForMatching } from '../../db/matching.ts';
import { findShortlist, saveShortlistChoice } from '../../db/shortlists.ts';
import { changeCandidateStatus } from '../candidates/change-status.ts';

/** One shortlist, or SHORTLIST_NOT_FOUND. */
export const getShortlist = (context: ServiceContext, tenantId: string, id: string): Promise<Shortlist> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) =>
      (await findShortlist(tx, tenantId, id)) ??
      Promise.reject(new DomainError('SHORTLIST_NOT_FOUND', 'not_found', `no shortlist ${id}`)),
    { readOnly: true },
  );

/** The host's choice on one shortlist, with the request it came from. */
export interface RecordHostChoiceInput extends HostChoice {
  readonly tenantId: string;
  readonly shortlistId: string;
  readonly correlationId: string;
}

/**
 * Records the host's choice: the chosen candidate stays shortlisted until the proposal; every
 * other one is available again, with the host's reason in their history. HostChoiceRecorded is
 * keyed by the chosen person, as EngagementProposed and PlacementStarted are, so consumers see
 * the choice before the proposal that follows it.
 */
export const recordHostChoice = (
  context: ServiceContext,
  input: RecordHostChoiceInput,
  by: Actor,
): Promise<Shortlist> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    const { tenantId, shortlistId } = input;
    const shortlist = await findShortlist(tx, tenantId, shortlistId, true);
    if (!shortlist) throw new DomainError('SHORTLIST_NOT_FOUND', 'not_found', `no shortlist ${shortlistId}`);
    const decided = decideChoice(shortlist, input);
    const position = await findPositionForMatching(tx, tenantId, shortlist.positionId);
    if (!position)
      throw new DomainError('POSITION_NOT_FOUND', 'not_found', `no position ${shortlist.positionId}`);
    await saveShortlistChoice(tx, decided);
    const others = decided.entries.filter((e) => e.outcome === 'not_chosen');
    for (const candidate of await findCandidates(
      tx,
      tenantId,
      others.map((e) => e.candidateId),
      true,
    )) {
      if (candidate.status === 'shortlisted') {
        await changeCandidateStatus(context, tx, candidate, 'available', by, 'not_chosen_by_host');
      }
    }
    await context.events.append(tx, HostChoiceRecordedV1, {
      tenantId,
      aggregateId: decided.id,
      partitionKey: input.chosenCandidateId,
      correlationId: input.correlationId,
      causationId: null,
      data: {
        shortlistId: decided.id,
        positionId: position.id,
        hostEmployerId: position.hostEmployerId,
        personId: input.chosenCandidateId,
        chosenOn: belgianDay(context.clock.now()),
        hostDeadline: position.fillDeadline,
        presentedCount: decided.entries.length,
      },
    });
    return decided;
  });
