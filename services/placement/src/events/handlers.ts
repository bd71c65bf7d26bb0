import {
  CommitteeDecisionRecordedV1,
  HostSafetyStatusChangedV1,
  TrialEndedV1,
  type EventOf,
} from '@relais/contracts';
import { on, type EventHandler, type HandlerContext, type Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { onContractEarlyEnd, onEngagementDecision } from '../app/engagement/on-committee-decision.ts';
import { onHostPartnerDecision } from '../app/hosts/on-host-partner-decision.ts';
import { recordHostSafetyStatus } from '../app/hosts/record-host-safety-status.ts';
import { onTrialEnded } from '../app/placements/on-trial-ended.ts';

type Decision = EventOf<typeof CommitteeDecisionRecordedV1>;
type DecisionUseCase = (
  context: ServiceContext,
  tx: Tx,
  event: Decision,
  handlerContext: HandlerContext,
) => Promise<void>;

/** The committee's decisions this service owns, by subject; the others belong to other services. */
const DECISIONS: Partial<Record<Decision['data']['subject']['kind'], DecisionUseCase>> = {
  host_partner_approval: onHostPartnerDecision,
  engagement_proposal: onEngagementDecision,
  contract_early_end: onContractEarlyEnd,
};

/** Events this service consumes, each mapped to its use case. */
export const handlers = (context: ServiceContext): EventHandler[] => [
  on(TrialEndedV1, (tx, event, handlerContext) => onTrialEnded(context, tx, event, handlerContext)),
  on(HostSafetyStatusChangedV1, (tx, event, handlerContext) =>
    recordHostSafetyStatus(context, tx, event, handlerContext),
  ),
  on(CommitteeDecisionRecordedV1, async (tx, event, handlerContext) => {
    await DECISIONS[event.data.subject.kind]?.(context, tx, event, handlerContext);
  }),
];
