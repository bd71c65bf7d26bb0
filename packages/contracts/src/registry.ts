import type { EventDefinition } from './define-event.ts';
import { CommitteeDecisionRecordedV1, CommitteeDecisionRecordedV2 } from './events/committee.ts';
import {
  AidAtRiskV1,
  AidRequestClosedV1,
  CoverageGapDetectedV1,
  IncomeCoverageChangedV1,
  IncomeReopenedV1,
  IncomeReopenedV2,
  IncomeSuspendedV1,
} from './events/income-continuity.ts';
import {
  EngagementProposedV1,
  HostChoiceRecordedV1,
  HostEmployerRegisteredV1,
  HostPartnerApprovalRequestedV1,
  HostSiteAddedV1,
  PlacementEndedV1,
  PlacementStartedV1,
} from './events/placement.ts';
import { OutcomeCheckDueV1, PlacementOutcomeRecordedV1 } from './events/placement-outcomes.ts';
import {
  HostBlockedPlacementsAlertV1,
  HostSafetyStatusChangedV1,
  PreventionVisitReportedV1,
  WorkAccidentReportedV1,
} from './events/safety-visits.ts';
import {
  CheckInOverdueV1,
  CheckInRecordedV1,
  TrialEndedV1,
  TrialOutcomeCorrectedV1,
  TrialPassedV1,
} from './events/trial-period.ts';

/** Every published event version. A type/version pair missing here is unknown to all consumers. */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = [
  PlacementStartedV1,
  PlacementEndedV1,
  HostPartnerApprovalRequestedV1,
  HostEmployerRegisteredV1,
  HostSiteAddedV1,
  EngagementProposedV1,
  HostSafetyStatusChangedV1,
  CommitteeDecisionRecordedV1,
  TrialEndedV1,
  TrialPassedV1,
  IncomeReopenedV1,
  WorkAccidentReportedV1,
  HostBlockedPlacementsAlertV1,
  CheckInOverdueV1,
  TrialOutcomeCorrectedV1,
  IncomeReopenedV2,
  AidAtRiskV1,
  IncomeSuspendedV1,
  IncomeCoverageChangedV1,
  CoverageGapDetectedV1,
  CommitteeDecisionRecordedV2,
  CheckInRecordedV1,
  AidRequestClosedV1,
  PreventionVisitReportedV1,
  OutcomeCheckDueV1,
  PlacementOutcomeRecordedV1,
  HostChoiceRecordedV1,
];

const byKey = new Map(EVENT_DEFINITIONS.map((d) => [`${d.type}@${String(d.version)}`, d]));

/** Finds the contract for an event type and version, or `undefined` if none is published. */
export const findEventDefinition = (type: string, version: number): EventDefinition | undefined =>
  byKey.get(`${type}@${String(version)}`);
