import type { CommitteeDecisionRecordedV1, EventOf } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { decidePartnerApproval } from '../../domain/host.ts';
import { findHost } from '../../db/hosts.ts';
import { saveHostDecision } from './save-host-decision.ts';

/**
 * The comité spécial decided on a host partner approval: approved (or amended) makes the host
 * a partner, refused ends it with the committee's reason. Decisions on other subjects are not
 * this use case's and return at once; a decision on a host in another state is refused (parked
 * on the dead-letter topic for a person to look at).
 */
export const onHostPartnerDecision = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof CommitteeDecisionRecordedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { subject, outcome, reasonCode, decisionId } = event.data;
  if (subject.kind !== 'host_partner_approval') return;
  const host = await findHost(tx, event.tenantId, subject.id, 'update');
  if (!host) {
    logger.warn(
      { hostEmployerId: subject.id, decisionId },
      'committee decision on a host unknown to placement: ignored',
    );
    return;
  }
  const decision = decidePartnerApproval(host, { outcome, reasonCode, sourceEventId: event.id });
  if (decision) await saveHostDecision(context, tx, decision);
  logger.info(
    {
      hostEmployerId: host.id,
      decisionId,
      outcome,
      partnerStatus: decision?.host.partnerStatus ?? host.partnerStatus,
    },
    decision
      ? 'committee decision on host partner applied'
      : 'committee decision on host partner already applied',
  );
};
