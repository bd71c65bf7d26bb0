import {
  AidAtRiskV1,
  AidRequestClosedV1,
  CheckInOverdueV1,
  CommitteeDecisionRecordedV1,
  CommitteeDecisionRecordedV2,
  CoverageGapDetectedV1,
  EngagementProposedV1,
  HostChoiceRecordedV1,
  HostEmployerRegisteredV1,
  HostPartnerApprovalRequestedV1,
  HostSafetyStatusChangedV1,
  IncomeCoverageChangedV1,
  IncomeReopenedV1,
  IncomeReopenedV2,
  IncomeSuspendedV1,
  PlacementEndedV1,
  PlacementOutcomeRecordedV1,
  PlacementStartedV1,
  TrialEndedV1,
  TrialOutcomeCorrectedV1,
  TrialPassedV1,
  WorkAccidentReportedV1,
  type EventDefinition,
} from '@relais/contracts';
import { on, type EventHandler } from '@relais/messaging';
import { recordFact } from '../app/record-fact.ts';

/**
 * The events the statistics read: those the figures are computed from (with issue 11's outcome
 * checks at 3, 6 and 12 months and the host's choice), and the income coverage and aid events a
 * person's case on a date shows.
 */
export const STATISTICS_EVENTS: readonly EventDefinition[] = [
  PlacementStartedV1,
  PlacementEndedV1,
  HostChoiceRecordedV1,
  EngagementProposedV1,
  HostEmployerRegisteredV1,
  HostPartnerApprovalRequestedV1,
  HostSafetyStatusChangedV1,
  WorkAccidentReportedV1,
  TrialPassedV1,
  TrialEndedV1,
  TrialOutcomeCorrectedV1,
  CheckInOverdueV1,
  IncomeReopenedV1,
  IncomeReopenedV2,
  CommitteeDecisionRecordedV1,
  CommitteeDecisionRecordedV2,
  PlacementOutcomeRecordedV1,
  IncomeSuspendedV1,
  IncomeCoverageChangedV1,
  CoverageGapDetectedV1,
  AidAtRiskV1,
  AidRequestClosedV1,
];

/** Every event above is kept as a fact; no business rule here. */
export const handlers = (): EventHandler[] =>
  STATISTICS_EVENTS.map((definition) => on(definition, (tx, event) => recordFact(tx, event)));
