import {
  IncomeReopenedV1,
  IncomeReopenedV2,
  trialEndProposalKind,
  type EventOf,
  type TrialEndedV1,
} from '@relais/contracts';
import {
  lockedAtBegin,
  lockOnceStatement,
  type HandlerContext,
  type Ignored,
  type Statement,
  type Tx,
} from '@relais/messaging';
import type { QueryResult } from 'pg';
import { AwaitingEventError, belgianDay, type ServiceContext } from '@relais/service-kit';
import { applyChanges } from '../domain/coverage.ts';
import { reopenIncomeAfterEnd } from '../domain/placement-coverage.ts';
import {
  applyCoverageChanges,
  loadTimelineForReopening,
  lockPerson,
  timelineForReopeningIn,
  timelineForReopeningStatement,
} from '../db/coverage.ts';
import { insertReopening, type ProposalKind, type ReopeningCause } from '../db/reopenings.ts';
import { appendTimeline } from '../db/timeline.ts';
import { checkCoverage } from './check-coverage.ts';

/** What ended the salary, as the reopening needs it. */
export interface SalaryEnd {
  readonly tenantId: string;
  readonly personId: string;
  readonly placementId: string;
  readonly trialPeriodId: string | null;
  readonly placementStartDate: string | null;
  readonly lastWorkedDay: string;
  readonly cause: ReopeningCause;
  readonly reasonCode: string | null;
  readonly initiatedBy: string | null;
  readonly officerAnalysis: string | null;
}

/** The causing event. */
interface Cause {
  readonly id: string;
  readonly correlationId: string;
}

/**
 * A placement ended without going on (ended trial, or contract ended early). In one
 * transaction: the salary ends on the last worked day, the RI reopens (provisionally) the next
 * day, the ISP follow-up continues, the three proposals await the committee, the reasons and
 * the officer's analysis go onto the person's timeline with the reopening, and IncomeReopened
 * is written to the outbox. One reopening per placement, whatever the deliveries or events:
 * a re-emission of the end under a new event id is an ignored duplicate fact.
 */
export const reopen = async (
  context: ServiceContext,
  tx: Tx,
  end: SalaryEnd,
  cause: Cause,
  { logger }: HandlerContext,
  /** The results of {@link reopenAtBegin}'s statements, when the consumer sent them with BEGIN. */
  begun?: readonly QueryResult[],
): Promise<Ignored | undefined> => {
  const { tenantId, personId, placementId } = end;
  const loaded = begun?.[1];
  if (loaded) lockedAtBegin(tx, tenantId, personId);
  else await lockPerson(tx, tenantId, personId);
  const {
    reopened: already,
    timeline,
    decisions,
    openGaps,
  } = loaded
    ? timelineForReopeningIn(loaded)
    : await loadTimelineForReopening(tx, tenantId, personId, placementId);
  if (already) {
    logger.info({ placementId }, 'income already reopened for this placement');
    return { ignored: 'income already reopened for this placement' };
  }
  // The start travels on placement's topic, the end on another: the end waits for it (the
  // consumer retries, then parks). An end for a placement never started here — a wrong CPAS, an
  // unknown person — is poison, never a salary and a reopening made up from the end alone.
  if (!timeline.some((p) => p.kind === 'article60_salary' && p.placementId === placementId))
    throw new AwaitingEventError(
      'PLACEMENT_NOT_STARTED_HERE',
      `placement ${placementId} has no PlacementStarted in this CPAS yet`,
    );
  const newId = () => context.clock.newId();
  const { changes, reopened } = reopenIncomeAfterEnd(timeline, end, 'provisional', newId);
  // Read under the person's lock above, and checked below with the changes applied in memory:
  // nothing here reads the periods again, so the changes wait for the COMMIT.
  await applyCoverageChanges(tx, { tenantId, personId, sourceEventId: cause.id }, changes, {
    leftToCommit: timeline,
  });
  const reopeningId = newId();
  const followUpId = newId();
  const proposals: ProposalKind[] =
    end.cause === 'contract_ended_early'
      ? ['take_note_of_contract_end', 'reopen_integration_income', 'continue_isp_follow_up']
      : [...trialEndProposalKind.options];
  await insertReopening(tx, {
    ...end,
    id: reopeningId,
    coveragePeriodId: reopened.id,
    effectiveFrom: reopened.startDate,
    sourceEventId: cause.id,
    proposals: proposals.map((kind) => ({ id: newId(), kind })),
    followUp: { id: followUpId, openedOn: belgianDay(context.clock.now()) },
  });
  const draft = {
    tenantId,
    aggregateId: reopeningId,
    partitionKey: personId,
    correlationId: cause.correlationId,
    causationId: cause.id,
  };
  const common = { reopeningId, personId, placementId, effectiveFrom: reopened.startDate, followUpId };
  // v1 for trial ends, which it expresses; v2 only for what v1 cannot (no trial period).
  if (end.trialPeriodId !== null && end.cause !== 'contract_ended_early') {
    await context.events.append(tx, IncomeReopenedV1, {
      ...draft,
      data: { ...common, trialPeriodId: end.trialPeriodId, proposals: [...trialEndProposalKind.options] },
    });
  } else {
    await context.events.append(tx, IncomeReopenedV2, {
      ...draft,
      data: {
        ...common,
        trialPeriodId: end.trialPeriodId,
        cause: end.cause,
        lastWorkedDay: end.lastWorkedDay,
        category: reopened.category,
        proposals,
      },
    });
  }
  await appendTimeline(tx, {
    id: newId(),
    tenantId,
    personId,
    kind: 'income_reopened',
    effectiveOn: reopened.startDate,
    details: {
      reopeningId,
      placementId,
      trialPeriodId: end.trialPeriodId,
      periodId: reopened.id,
      status: reopened.status,
      category: reopened.category,
      cause: end.cause,
      lastWorkedDay: end.lastWorkedDay,
      reasonCode: end.reasonCode,
      initiatedBy: end.initiatedBy,
      officerAnalysis: end.officerAnalysis,
      followUpId,
      followUp: 'continued',
      proposals,
    },
    sourceEventId: cause.id,
  });
  // The state after the change without reading it back: the timeline read above with the
  // changes applied as the repository applies them, the decisions and open gaps read with it.
  await checkCoverage(
    context,
    tx,
    { tenantId, personId, correlationId: cause.correlationId, causationId: cause.id },
    { timeline: applyChanges(timeline, changes), decisions, openGaps },
  );
  logger.info(
    { placementId, reopeningId, effectiveFrom: reopened.startDate },
    'income reopened and ISP follow-up continued',
  );
  return undefined;
};

/**
 * What {@link reopen} runs first (the person's lock, then the timeline with "already reopened?"),
 * as statements the consumer sends with BEGIN for a TrialEnded applied alone.
 */
export const reopenAtBegin = (event: EventOf<typeof TrialEndedV1>): Statement[] => [
  lockOnceStatement(event.tenantId, event.data.personId),
  timelineForReopeningStatement(event.tenantId, event.data.personId, event.data.placementId),
];

/** A trial ended (not conclusive or early): {@link reopen} from the day after the last worked day. */
export const reopenIncome = (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof TrialEndedV1>,
  handlerContext: HandlerContext,
): Promise<Ignored | undefined> =>
  reopen(
    context,
    tx,
    {
      tenantId: event.tenantId,
      personId: event.data.personId,
      placementId: event.data.placementId,
      trialPeriodId: event.data.trialPeriodId,
      placementStartDate: event.data.placementStartDate,
      lastWorkedDay: event.data.lastWorkedDay,
      cause: event.data.outcome === 'ended_early' ? 'trial_ended_early' : 'trial_not_conclusive',
      reasonCode: event.data.reasonCode,
      initiatedBy: event.data.initiatedBy,
      officerAnalysis: event.data.officerAnalysis,
    },
    event,
    handlerContext,
    handlerContext.begun,
  );
