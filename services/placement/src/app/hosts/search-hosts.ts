import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { listHosts, type HostListQuery, type HostSummary } from '../../db/hosts.ts';

/** A page of the CPAS's host employers, by name, filtered by partner status, sector or a part of the name. */
export const searchHosts = (
  context: ServiceContext,
  tenantId: string,
  query: HostListQuery,
): Promise<{ items: HostSummary[]; hasMore: boolean }> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listHosts(tx, tenantId, query), { readOnly: true });
