/**
 * A fact the statistics keep from one event: its type and version, when it happened, the person
 * it is about (if any) and only the fields the figures or a person's case need. Free text (the
 * officer's analysis), health details of an accident (severity, days lost) and anything else no
 * figure uses are left out (least data): the owning services keep them.
 */
export interface Fact {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly personId: string | null;
  readonly data: Record<string, unknown>;
}

/** What a consumed event looks like to {@link factOf}. */
export interface EventLike {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly data: unknown;
}

const pick = (data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]));

const ended = ['outcome', 'lastWorkedDay', 'reasonCode', 'initiatedBy'] as const;

/** The fields kept of each event type the statistics read (every version: a later one only adds). */
const KEPT: Readonly<Record<string, readonly string[]>> = {
  PlacementStarted: ['placementId', 'personId', 'hostEmployerId', 'startDate'],
  PlacementEnded: ['placementId', 'personId', 'lastWorkedDay', 'reason'],
  EngagementProposed: ['proposalId', 'personId', 'hostEmployerId', 'startDate', 'hostDeadline'],
  HostChoiceRecorded: [
    'shortlistId',
    'positionId',
    'hostEmployerId',
    'personId',
    'chosenOn',
    'hostDeadline',
    'presentedCount',
  ],
  HostEmployerRegistered: ['hostEmployerId', 'name', 'legalType', 'sector'],
  HostPartnerApprovalRequested: ['hostEmployerId', 'requestedOn'],
  HostSafetyStatusChanged: ['hostEmployerId', 'safetyStatus', 'reasonCode', 'assessedOn'],
  WorkAccidentReported: ['accidentId', 'placementId', 'hostEmployerId', 'occurredOn'],
  TrialPassed: ['trialPeriodId', 'placementId', 'personId', 'decidedOn'],
  TrialEnded: ['trialPeriodId', 'placementId', 'personId', 'placementStartDate', ...ended],
  CheckInOverdue: ['checkInId', 'trialPeriodId', 'personId', 'dueOn', 'detectedOn'],
  IncomeReopened: [
    'reopeningId',
    'personId',
    'placementId',
    'trialPeriodId',
    'cause',
    'lastWorkedDay',
    'effectiveFrom',
  ],
  CommitteeDecisionRecorded: [
    'decisionId',
    'subject',
    'personId',
    'proposalKind',
    'outcome',
    'reasonCode',
    'decidedOn',
    'effectiveOn',
    'correctsDecisionId',
  ],
  // For a person's case on a date (appeals): the coverage of their income and the aid that
  // depended on it. The income category (household situation) is left out: no figure uses it.
  IncomeSuspended: ['personId', 'placementId', 'suspendedFrom', 'paidThrough'],
  IncomeCoverageChanged: [
    'personId',
    'change',
    'periodId',
    'effectiveFrom',
    'reopeningId',
    'decisionId',
    'reasonCode',
  ],
  CoverageGapDetected: ['gapId', 'personId', 'from', 'to'],
  AidAtRisk: ['alertId', 'personId', 'placementId', 'suspensionFrom', 'aidRequests'],
  AidRequestClosed: ['aidRequestId', 'personId', 'closedOn'],
  // The person's situation 3, 6 and 12 months after the placement (the coded situation only, not its detail).
  PlacementOutcomeRecorded: [
    'outcomeId',
    'checkId',
    'placementId',
    'personId',
    'monthsAfterEnd',
    'lastWorkedDay',
    'endReason',
    'observedOn',
    'situation',
    'correctsOutcomeId',
  ],
};

/** The narrowed fact of an event the statistics read, or `null` for an event they ignore. */
export const factOf = (event: EventLike): Fact | null => {
  const data = event.data as Record<string, unknown>;
  if (event.type === 'TrialOutcomeCorrected') {
    const narrow = (o: unknown) => pick(o as Record<string, unknown>, ended);
    return {
      eventId: event.id,
      type: event.type,
      version: event.version,
      occurredAt: event.occurredAt,
      personId: typeof data.personId === 'string' ? data.personId : null,
      data: {
        ...pick(data, ['correctionId', 'trialPeriodId', 'placementId', 'personId', 'correctionReason']),
        previous: narrow(data.previous),
        corrected: narrow(data.corrected),
      },
    };
  }
  const keys = KEPT[event.type];
  if (!keys) return null;
  return {
    eventId: event.id,
    type: event.type,
    version: event.version,
    occurredAt: event.occurredAt,
    personId: typeof data.personId === 'string' ? data.personId : null,
    data: pick(data, keys),
  };
};
