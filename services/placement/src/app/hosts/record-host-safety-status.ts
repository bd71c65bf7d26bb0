import {
  HostPartnerApprovalRequestedV1,
  type EventOf,
  type HostSafetyStatusChangedV1,
} from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { formatEnterpriseNumber, recordSafetyStatus } from '../../domain/host.ts';
import { findHost } from '../../db/hosts.ts';
import { saveHostDecision } from './save-host-decision.ts';

/**
 * Mirrors a host's safety status from safety-visits. A favourable pre-approval visit puts the
 * host before the committee (HostPartnerApprovalRequested, in the same transaction); a
 * suspension stops new placements and a later clearance lifts it. safety-visits may know hosts
 * this service does not: those are logged and skipped.
 */
export const recordHostSafetyStatus = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof HostSafetyStatusChangedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { hostEmployerId } = event.data;
  const host = await findHost(tx, event.tenantId, hostEmployerId, 'update');
  if (!host) {
    logger.info({ hostEmployerId }, 'safety status of a host unknown to placement: ignored');
    return;
  }
  const decision = recordSafetyStatus(host, { ...event.data, sourceEventId: event.id });
  if (!decision) {
    logger.info({ hostEmployerId, safetyStatus: event.data.safetyStatus }, 'safety status already known');
    return;
  }
  await saveHostDecision(context, tx, decision);
  if (decision.approvalRequested) {
    await context.events.append(tx, HostPartnerApprovalRequestedV1, {
      tenantId: host.tenantId,
      aggregateId: host.id,
      partitionKey: host.id,
      correlationId: event.correlationId,
      causationId: event.id,
      data: {
        hostEmployerId: host.id,
        enterpriseNumber: formatEnterpriseNumber(host.enterpriseNumber),
        requestedOn: belgianDay(context.clock.now()),
      },
    });
  }
  logger.info(
    {
      hostEmployerId,
      safetyStatus: event.data.safetyStatus,
      partnerStatus: decision.host.partnerStatus,
      approvalRequested: decision.approvalRequested,
    },
    'host safety status recorded',
  );
};
