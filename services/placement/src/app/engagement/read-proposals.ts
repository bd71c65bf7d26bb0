import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import { addDays } from '../../domain/days.ts';
import { deadlineStatus, type DeadlineStatus, type EngagementProposal } from '../../domain/engagement.ts';
import { findProposal, listProposals } from '../../db/proposals.ts';
import { loadMatchingSettings } from '../../db/settings.ts';

/** A proposal with how it stands against the host's deadline today. */
export type ProposalWithDeadline = EngagementProposal & { readonly deadline: DeadlineStatus };

/** One proposal, flagged when at risk of missing the host's deadline. */
export const getProposal = (
  context: ServiceContext,
  tenantId: string,
  id: string,
): Promise<ProposalWithDeadline> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const proposal = await findProposal(tx, tenantId, id);
      if (!proposal) throw new DomainError('PROPOSAL_NOT_FOUND', 'not_found', `no engagement proposal ${id}`);
      const today = belgianDay(context.clock.now());
      const { deadlineRiskDays } = await loadMatchingSettings(tx, tenantId, today);
      return { ...proposal, deadline: deadlineStatus(proposal, today, deadlineRiskDays) };
    },
    { readOnly: true },
  );

/** A page of proposals, nearest deadline first; `atRisk` keeps only those that may lose the job. */
export const searchProposals = (
  context: ServiceContext,
  tenantId: string,
  filter: {
    readonly status?: EngagementProposal['status'];
    readonly atRisk?: boolean;
    readonly limit: number;
    readonly offset: number;
  },
): Promise<{ items: ProposalWithDeadline[]; total: number }> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const today = belgianDay(context.clock.now());
      const { deadlineRiskDays } = await loadMatchingSettings(tx, tenantId, today);
      const { items, total } = await listProposals(tx, tenantId, {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.atRisk ? { atRiskOn: addDays(today, deadlineRiskDays) } : {}),
        limit: filter.limit,
        offset: filter.offset,
      });
      return {
        items: items.map((p) => ({ ...p, deadline: deadlineStatus(p, today, deadlineRiskDays) })),
        total,
      };
    },
    { readOnly: true },
  );
