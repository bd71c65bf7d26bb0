import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { HostEmployer } from '../../domain/host.ts';
import { findHost, listPartnerHistory, type PartnerHistoryEntry } from '../../db/hosts.ts';

/** One host employer with its sites and partner history, or HOST_NOT_FOUND (also for another CPAS's host). */
export const getHost = (
  context: ServiceContext,
  tenantId: string,
  id: string,
): Promise<{ host: HostEmployer; history: PartnerHistoryEntry[] }> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const host = await findHost(tx, tenantId, id);
      if (!host) throw new DomainError('HOST_NOT_FOUND', 'not_found', `no host employer ${id}`);
      return { host, history: await listPartnerHistory(tx, tenantId, id) };
    },
    { readOnly: true },
  );
