import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import { changePartnerStatus, type HostEmployer, type OfficerPartnerAction } from '../../domain/host.ts';
import type { Actor } from '../../domain/model.ts';
import { findHost } from '../../db/hosts.ts';
import { saveHostDecision } from './save-host-decision.ts';

/** An officer suspends, reinstates or ends a host's partnership, with a reason kept in its history. */
export const changeHostPartnerStatus = (
  context: ServiceContext,
  command: {
    readonly tenantId: string;
    readonly hostId: string;
    readonly action: OfficerPartnerAction;
    readonly reason: string;
  },
  by: Actor,
): Promise<HostEmployer> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const host = await findHost(tx, command.tenantId, command.hostId, 'update');
    if (!host) throw new DomainError('HOST_NOT_FOUND', 'not_found', `no host employer ${command.hostId}`);
    const decision = changePartnerStatus(host, command.action, command.reason, by);
    await saveHostDecision(context, tx, decision);
    context.logger.info(
      { hostEmployerId: host.id, from: host.partnerStatus, to: decision.host.partnerStatus },
      'host partner status changed by an officer',
    );
    return decision.host;
  });
