import {
  EngagementProposedV1,
  HostEmployerRegisteredV1,
  HostPartnerApprovalRequestedV1,
  IncomeReopenedV1,
  IncomeReopenedV2,
  PlacementEndedV1,
  TrialEndedV1,
  TrialOutcomeCorrectedV1,
} from '@relais/contracts';
import { on, type EventHandler } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import {
  fromEngagementProposed,
  fromHostPartnerApprovalRequested,
  fromIncomeReopened,
  fromPlacementEnded,
} from '../domain/intake.ts';
import { recordHost, recordTrialEnd } from '../app/record-facts.ts';
import { takeIn } from '../app/take-in.ts';

/** The day an event was emitted in Belgium: the request day of an item its data does not date. */
const dayOf = (occurredAt: string) => belgianDay(new Date(occurredAt));

/** Events this service consumes, each mapped to its use case. */
export const handlers = (context: ServiceContext): EventHandler[] => [
  on(HostPartnerApprovalRequestedV1, (tx, e, h) =>
    takeIn(context, tx, e, fromHostPartnerApprovalRequested(e.data), h),
  ),
  on(EngagementProposedV1, (tx, e, h) =>
    takeIn(context, tx, e, fromEngagementProposed(e.data, dayOf(e.occurredAt)), h),
  ),
  on(IncomeReopenedV1, (tx, e, h) =>
    takeIn(context, tx, e, fromIncomeReopened(e.data, dayOf(e.occurredAt)), h),
  ),
  on(IncomeReopenedV2, (tx, e, h) =>
    takeIn(context, tx, e, fromIncomeReopened(e.data, dayOf(e.occurredAt)), h),
  ),
  on(PlacementEndedV1, (tx, e, h) =>
    takeIn(context, tx, e, fromPlacementEnded(e.data, dayOf(e.occurredAt)), h),
  ),
  on(TrialEndedV1, (tx, e) => recordTrialEnd(tx, e)),
  on(TrialOutcomeCorrectedV1, (tx, e) => recordTrialEnd(tx, e)),
  on(HostEmployerRegisteredV1, (tx, e) => recordHost(tx, e)),
];
