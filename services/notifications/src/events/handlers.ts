import {
  AidAtRiskV1,
  AidRequestClosedV1,
  CheckInOverdueV1,
  CheckInRecordedV1,
  CommitteeDecisionRecordedV1,
  EngagementProposedV1,
  HostBlockedPlacementsAlertV1,
  HostEmployerRegisteredV1,
  HostSafetyStatusChangedV1,
  IncomeReopenedV1,
  IncomeReopenedV2,
  IncomeSuspendedV1,
  OutcomeCheckDueV1,
  PlacementEndedV1,
  PlacementOutcomeRecordedV1,
  PlacementStartedV1,
  PreventionVisitReportedV1,
  TrialEndedV1,
  TrialPassedV1,
  WorkAccidentReportedV1,
} from '@relais/contracts';
import { on, type EventHandler } from '@relais/messaging';
import {
  onCheckInRecorded,
  onPlacementEnded,
  onPlacementOutcomeRecorded,
  onPreventionVisitReported,
  onTrialOver,
} from '../app/close-cases.ts';
import type { NotificationsContext } from '../app/notice-context.ts';
import { onAidAtRisk } from '../app/on-aid-at-risk.ts';
import { onAidRequestClosed } from '../app/on-aid-request-closed.ts';
import { onCheckInOverdue } from '../app/on-check-in-overdue.ts';
import { onCommitteeDecision } from '../app/on-committee-decision.ts';
import { onHostBlocked } from '../app/on-host-blocked.ts';
import { onHostSafetyStatus } from '../app/on-host-safety-status.ts';
import { onIncomeReopened } from '../app/on-income-reopened.ts';
import { onIncomeSuspended } from '../app/on-income-suspended.ts';
import { onOutcomeCheckDue } from '../app/on-outcome-check-due.ts';
import { onPlacementStarted } from '../app/on-placement-started.ts';
import { onWorkAccident } from '../app/on-work-accident.ts';
import { onEngagementProposed, onHostRegistered } from '../app/remember-records.ts';

/** Events this service consumes, each mapped to its use case. */
export const handlers = (context: NotificationsContext): EventHandler[] => [
  on(IncomeSuspendedV1, (tx, event) => onIncomeSuspended(context, tx, event)),
  on(IncomeReopenedV1, (tx, event) => onIncomeReopened(context, tx, event)),
  on(IncomeReopenedV2, (tx, event) => onIncomeReopened(context, tx, event)),
  on(AidAtRiskV1, (tx, event) => onAidAtRisk(context, tx, event)),
  on(AidRequestClosedV1, (tx, event) => onAidRequestClosed(context, tx, event)),
  on(CommitteeDecisionRecordedV1, (tx, event) => onCommitteeDecision(context, tx, event)),
  on(PlacementStartedV1, (tx, event) => onPlacementStarted(context, tx, event)),
  on(PlacementEndedV1, (tx, event) => onPlacementEnded(context, tx, event)),
  on(CheckInOverdueV1, (tx, event) => onCheckInOverdue(context, tx, event)),
  on(CheckInRecordedV1, (tx, event) => onCheckInRecorded(context, tx, event)),
  on(TrialEndedV1, (tx, event) => onTrialOver(context, tx, event)),
  on(TrialPassedV1, (tx, event) => onTrialOver(context, tx, event)),
  on(HostBlockedPlacementsAlertV1, (tx, event) => onHostBlocked(context, tx, event)),
  on(WorkAccidentReportedV1, (tx, event) => onWorkAccident(context, tx, event)),
  on(PreventionVisitReportedV1, (tx, event) => onPreventionVisitReported(context, tx, event)),
  on(HostSafetyStatusChangedV1, (tx, event) => onHostSafetyStatus(context, tx, event)),
  on(EngagementProposedV1, (tx, event) => onEngagementProposed(context, tx, event)),
  on(HostEmployerRegisteredV1, (tx, event) => onHostRegistered(context, tx, event)),
  on(OutcomeCheckDueV1, (tx, event) => onOutcomeCheckDue(context, tx, event)),
  on(PlacementOutcomeRecordedV1, (tx, event) => onPlacementOutcomeRecorded(context, tx, event)),
];
