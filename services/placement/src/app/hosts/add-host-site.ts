import { HostSiteAddedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import { addSite, type HostEmployer, type HostSite } from '../../domain/host.ts';
import type { Actor } from '../../domain/model.ts';
import { findHost, insertSite } from '../../db/hosts.ts';

/** Adds a place of work to a host employer; returns the host with all its sites. */
export const addHostSite = (
  context: ServiceContext,
  command: { readonly tenantId: string; readonly hostId: string; readonly site: Omit<HostSite, 'id'> },
  by: Actor,
  correlationId: string,
): Promise<HostEmployer> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const host = await findHost(tx, command.tenantId, command.hostId, 'share');
    if (!host) throw new DomainError('HOST_NOT_FOUND', 'not_found', `no host employer ${command.hostId}`);
    const site = { ...command.site, id: context.clock.newId() };
    const updated = addSite(host, site, by);
    await insertSite(tx, host, site);
    await context.events.append(tx, HostSiteAddedV1, {
      tenantId: host.tenantId,
      aggregateId: host.id,
      correlationId,
      causationId: null,
      data: {
        hostEmployerId: host.id,
        site: { siteId: site.id, name: site.name, address: site.address, commune: site.commune },
      },
    });
    return updated;
  });
