import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../../domain/model.ts';
import { recordHostChoice as decideChoice, type HostChoice, type Shortlist } from '../../domain/shortlist.ts';
import { findCandidates } from '../../db/candidates.ts';
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

/**
 * Records the host's choice: the chosen candidate stays shortlisted until the proposal; every
 * other one is available again, with the host's reason in their history.
 */
export const recordHostChoice = (
  context: ServiceContext,
  tenantId: string,
  shortlistId: string,
  choice: HostChoice,
  by: Actor,
): Promise<Shortlist> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const shortlist = await findShortlist(tx, tenantId, shortlistId, true);
    if (!shortlist) throw new DomainError('SHORTLIST_NOT_FOUND', 'not_found', `no shortlist ${shortlistId}`);
    const decided = decideChoice(shortlist, choice);
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
    return decided;
  });
