import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { WorkAccident } from '../domain/accident.ts';
import type { SafetyHost, Site } from '../domain/model.ts';
import { listAccidentsOfHost } from '../db/accidents.ts';
import { findHost, listHosts, listSites, listStatusHistory, type StatusChange } from '../db/hosts.ts';
import { notFound } from './support.ts';

/** A host's safety file: status, reason, sites, next periodic visit and accidents. */
export const getHostSafety = (
  context: ServiceContext,
  tenantId: string,
  hostId: string,
): Promise<{ host: SafetyHost; sites: Site[]; accidents: WorkAccident[] }> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const host = await findHost(tx, tenantId, hostId);
      if (!host) throw notFound('HOST_EMPLOYER_UNKNOWN', 'host employer', hostId);
      return {
        host,
        sites: await listSites(tx, tenantId, hostId),
        accidents: await listAccidentsOfHost(tx, tenantId, hostId),
      };
    },
    { readOnly: true },
  );

/** A page of a host's safety history (every status change and its reason). */
export const hostSafetyHistory = (
  context: ServiceContext,
  tenantId: string,
  hostId: string,
  page: Parameters<typeof listStatusHistory>[3],
): Promise<StatusChange[]> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      if (!(await findHost(tx, tenantId, hostId)))
        throw notFound('HOST_EMPLOYER_UNKNOWN', 'host employer', hostId);
      return listStatusHistory(tx, tenantId, hostId, page);
    },
    { readOnly: true },
  );

/** A page of the CPAS's hosts with their safety status. */
export const searchHosts = (
  context: ServiceContext,
  tenantId: string,
  query: Parameters<typeof listHosts>[2],
): Promise<SafetyHost[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listHosts(tx, tenantId, query), { readOnly: true });
