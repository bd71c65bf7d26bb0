import {
  AidAtRiskV1,
  AidRequestClosedV1,
  buildEvent,
  CommitteeDecisionRecordedV1,
  EngagementProposedV1,
  HostChoiceRecordedV1,
  HostEmployerRegisteredV1,
  IncomeCoverageChangedV1,
  IncomeReopenedV1,
  IncomeSuspendedV1,
  PlacementStartedV1,
  TrialEndedV1,
  TrialPassedV1,
  WorkAccidentReportedV1,
  type DataInputOf,
  type EventDefinition,
  type EventOf,
} from '@relais/contracts';
import { v7 as uuidv7 } from 'uuid';

/** An event of a CPAS, as its producer would put it on its topic. */
export const event = <D extends EventDefinition>(
  definition: D,
  tenantId: string,
  occurredAt: string,
  data: DataInputOf<D>,
): EventOf<D> =>
  buildEvent(definition, {
    id: uuidv7(),
    occurredAt,
    tenantId,
    aggregateId: uuidv7(),
    correlationId: uuidv7(),
    causationId: null,
    data,
  });

/** A host employer of a CPAS. */
export const hostOf = (tenantId: string, name = 'Asbl Les Jardins', sector = 'espaces verts') => {
  const hostEmployerId = uuidv7();
  return {
    hostEmployerId,
    registered: event(HostEmployerRegisteredV1, tenantId, '2026-01-05T09:00:00Z', {
      hostEmployerId,
      enterpriseNumber: '0403.170.701',
      name,
      legalType: 'asbl',
      sector,
      sites: [{ siteId: uuidv7(), name: 'Siège', address: 'Rue Haute 1', commune: 'Bruxelles' }],
    }),
  };
};

/**
 * One person's placement at a host: chosen by the host on 16 February, proposed on the 20th,
 * started 2 March, the trial ended as `outcome` on 10 April (income reopened the next day,
 * ratified on 20 April), or passed. `coverage` adds what income-continuity tells of the income
 * and of an aid request at risk (left out where a running income-continuity would react).
 */
export const placementStory = (
  tenantId: string,
  hostEmployerId: string,
  outcome: 'not_conclusive' | 'ended_early' | 'conclusive',
  /** `reopening: false` leaves the reopening to a running income-continuity (browser tests). */
  options: { accident?: boolean; reopening?: boolean; coverage?: boolean } = {},
) => {
  const personId = uuidv7();
  const placementId = uuidv7();
  const trialPeriodId = uuidv7();
  const proposalId = uuidv7();
  const reopeningId = uuidv7();
  const aidRequestId = uuidv7();
  const events: EventOf<EventDefinition>[] = [
    event(HostChoiceRecordedV1, tenantId, '2026-02-16T10:00:00Z', {
      shortlistId: uuidv7(),
      positionId: uuidv7(),
      hostEmployerId,
      personId,
      chosenOn: '2026-02-16',
      hostDeadline: '2026-03-15',
      presentedCount: 3,
    }),
    event(EngagementProposedV1, tenantId, '2026-02-20T09:00:00Z', {
      proposalId,
      personId,
      hostEmployerId,
      positionId: uuidv7(),
      startDate: '2026-03-02',
      endDate: '2027-03-01',
      weeklyHours: 38,
      payScale: 'E2',
      hostDeadline: '2026-03-15',
    }),
    event(CommitteeDecisionRecordedV1, tenantId, '2026-02-25T15:00:00Z', {
      decisionId: uuidv7(),
      subject: { kind: 'engagement_proposal', id: proposalId },
      outcome: 'approved',
      reasonCode: null,
      decidedOn: '2026-02-25',
      effectiveOn: null,
      amendments: null,
    }),
    event(PlacementStartedV1, tenantId, '2026-03-02T06:00:00Z', {
      placementId,
      personId,
      hostEmployerId,
      startDate: '2026-03-02',
    }),
  ];
  if (options.coverage)
    events.push(
      event(AidAtRiskV1, tenantId, '2026-03-02T06:00:01Z', {
        alertId: uuidv7(),
        personId,
        placementId,
        suspensionFrom: '2026-03-02',
        aidRequests: [{ aidRequestId, kind: 'rental_guarantee', requestedOn: '2026-02-10' }],
      }),
      event(IncomeSuspendedV1, tenantId, '2026-03-02T06:00:02Z', {
        personId,
        placementId,
        suspendedFrom: '2026-03-02',
        paidThrough: '2026-03-01',
        category: 'single',
      }),
      event(AidRequestClosedV1, tenantId, '2026-03-05T11:00:00Z', {
        aidRequestId,
        personId,
        closedOn: '2026-03-05',
      }),
    );
  if (options.accident)
    events.push(
      event(WorkAccidentReportedV1, tenantId, '2026-03-20T10:00:00Z', {
        accidentId: uuidv7(),
        placementId,
        hostEmployerId,
        siteId: uuidv7(),
        occurredOn: '2026-03-20',
        severity: 'minor',
        daysLost: 0,
        declaredToInsurer: true,
        postAccidentVisitId: uuidv7(),
        postAccidentVisitDueBy: '2026-03-27',
      }),
    );
  if (outcome === 'conclusive') {
    events.push(
      event(TrialPassedV1, tenantId, '2026-04-10T10:00:00Z', {
        trialPeriodId,
        placementId,
        personId,
        decidedOn: '2026-04-10',
      }),
    );
    return { personId, placementId, reopeningId, events };
  }
  events.push(
    event(TrialEndedV1, tenantId, '2026-04-10T10:00:00Z', {
      trialPeriodId,
      placementId,
      personId,
      placementStartDate: '2026-03-02',
      outcome,
      lastWorkedDay: '2026-04-10',
      reasonCode: 'transport',
      initiatedBy: 'worker',
      officerAnalysis: 'Texte libre sur la personne : jamais gardé par les statistiques.',
    }),
  );
  if (options.reopening === false) return { personId, placementId, reopeningId, events };
  events.push(
    event(IncomeReopenedV1, tenantId, '2026-04-10T10:00:01Z', {
      reopeningId,
      personId,
      placementId,
      trialPeriodId,
      effectiveFrom: '2026-04-11',
      followUpId: uuidv7(),
      proposals: ['take_note_of_trial_end', 'reopen_integration_income', 'continue_isp_follow_up'],
    }),
    event(CommitteeDecisionRecordedV1, tenantId, '2026-04-20T15:00:00Z', {
      decisionId: uuidv7(),
      subject: { kind: 'income_reopening', id: reopeningId },
      outcome: 'approved',
      reasonCode: null,
      decidedOn: '2026-04-20',
      effectiveOn: null,
      amendments: null,
    }),
  );
  if (options.coverage)
    events.push(
      event(IncomeCoverageChangedV1, tenantId, '2026-04-20T15:00:01Z', {
        personId,
        change: 'reopening_confirmed',
        periodId: uuidv7(),
        effectiveFrom: '2026-04-11',
        category: 'single',
        reopeningId,
        decisionId: null,
        reasonCode: null,
      }),
    );
  return { personId, placementId, reopeningId, events };
};
