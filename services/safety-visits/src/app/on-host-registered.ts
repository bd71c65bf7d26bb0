import type { EventOf, HostEmployerRegisteredV1, HostSiteAddedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import { findHost, insertHost, insertSite } from '../db/hosts.ts';

/**
 * Learns of a host registered in placement, with its sites: it starts `not_assessed`, waiting
 * for its pre-approval visit. Keeps no personal data (the tutor's contact stays in placement).
 */
export const onHostRegistered = async (
  tx: Tx,
  event: EventOf<typeof HostEmployerRegisteredV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { hostEmployerId, sites, ...host } = event.data;
  const inserted = await insertHost(tx, { ...host, id: hostEmployerId, tenantId: event.tenantId });
  for (const s of sites)
    await insertSite(tx, event.tenantId, {
      id: s.siteId,
      hostEmployerId,
      name: s.name,
      address: s.address,
      commune: s.commune,
    });
  logger.info({ hostEmployerId, sites: sites.length, inserted }, 'host employer known to safety-visits');
};

/**
 * Learns of a new site of a known host. Placement keys both events by the host, so the host comes
 * first; a site of a host unknown here (its registration parked) is logged and skipped.
 */
export const onHostSiteAdded = async (
  tx: Tx,
  event: EventOf<typeof HostSiteAddedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { hostEmployerId, site } = event.data;
  if (!(await findHost(tx, event.tenantId, hostEmployerId))) {
    logger.warn({ hostEmployerId, siteId: site.siteId }, 'site of a host unknown to safety-visits: ignored');
    return;
  }
  await insertSite(tx, event.tenantId, {
    id: site.siteId,
    hostEmployerId,
    name: site.name,
    address: site.address,
    commune: site.commune,
  });
  logger.info({ hostEmployerId, siteId: site.siteId }, 'host site known to safety-visits');
};
