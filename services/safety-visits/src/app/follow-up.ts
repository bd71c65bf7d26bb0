import { withTenantTransaction, type Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { Finding } from '../domain/findings.ts';
import type { SafetyHost } from '../domain/model.ts';
import { findFinding } from '../db/findings.ts';
import { refreshHostStatus } from './refresh-host-status.ts';
import { lockHost, notFound, type Cause } from './support.ts';

/**
 * The frame of every change to a finding or its actions, in one transaction: host row locked,
 * the change applied, the host's status derived again and announced if it moved.
 */
export const changeFollowUp = <T>(
  context: ServiceContext,
  target: { readonly tenantId: string; readonly findingId: string },
  cause: Cause,
  change: (tx: Tx, finding: Finding, host: SafetyHost) => Promise<T>,
): Promise<T> =>
  withTenantTransaction(context.pool, target.tenantId, async (tx) => {
    const seen = await findFinding(tx, target.tenantId, target.findingId);
    if (!seen) throw notFound('FINDING_NOT_FOUND', 'finding', target.findingId);
    const host = await lockHost(tx, target.tenantId, seen.hostEmployerId);
    const finding = await findFinding(tx, target.tenantId, target.findingId);
    if (!finding) throw notFound('FINDING_NOT_FOUND', 'finding', target.findingId);
    const result = await change(tx, finding, host);
    await refreshHostStatus(context, tx, host, { ...cause, visitId: null });
    return result;
  });
