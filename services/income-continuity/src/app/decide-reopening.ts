import { IncomeCoverageChangedV1, type CommitteeDecisionRecordedV1, type EventOf } from '@relais/contracts';
import type { HandlerContext, Ignored, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { decideReopening, readAmendments } from '../domain/decisions.ts';
import { applyCoverageChanges, insertUncoveredDecision, loadTimeline, lockPerson } from '../db/coverage.ts';
import { decisionExists, findReopening, recordDecision } from '../db/reopenings.ts';
import { appendTimeline } from '../db/timeline.ts';
import { checkCoverage } from './check-coverage.ts';

const CHANGE = {
  approved: 'reopening_confirmed',
  amended: 'reopening_amended',
  refused: 'reopening_refused',
} as const;

/**
 * The committee decided on a reopening (subject `income_reopening`, id = the reopening id):
 * confirmed, amended or refused. Each is a new recorded fact — the decision, a revision of the
 * period, and for uncovered days the decision that makes them legitimate — and the social
 * worker is told at once.
 */
export const decideIncomeReopening = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof CommitteeDecisionRecordedV1>,
  { logger }: HandlerContext,
): Promise<Ignored | undefined> => {
  const { tenantId } = event;
  const { decisionId, outcome, reasonCode, decidedOn } = event.data;
  const subject = await findReopening(tx, tenantId, event.data.subject.id);
  if (!subject) {
    logger.warn({ reopeningId: event.data.subject.id }, 'committee decided on an unknown reopening');
    return;
  }
  const { personId } = subject;
  await lockPerson(tx, tenantId, personId);
  // Read again under the person's lock: a concurrent decision may have just committed.
  const found = (await findReopening(tx, tenantId, subject.id)) ?? subject;
  if (await decisionExists(tx, tenantId, decisionId)) {
    logger.info({ decisionId }, 'committee decision already applied');
    return { ignored: 'committee decision already applied' };
  }
  const period = (await loadTimeline(tx, tenantId, personId)).find((p) => p.id === found.coveragePeriodId);
  if (!period) throw new Error(`reopening ${found.id} refers to a missing period`);
  const amendments =
    outcome === 'amended' ? readAmendments(event.data.amendments) : { effectiveFrom: null, category: null };
  const decided = decideReopening(
    period,
    {
      id: found.id,
      periodId: period.id,
      lastWorkedDay: found.lastWorkedDay,
      decided: found.decision !== null,
    },
    { decisionId, outcome, reasonCode, ...amendments },
  );
  await recordDecision(tx, {
    tenantId,
    reopeningId: found.id,
    sourceEventId: event.id,
    decisionId,
    outcome,
    reasonCode,
    decidedOn,
    ...amendments,
  });
  await applyCoverageChanges(
    tx,
    { tenantId, personId, sourceEventId: event.id, decisionId },
    decided.changes,
  );
  if (decided.uncovered)
    await insertUncoveredDecision(tx, {
      id: context.clock.newId(),
      tenantId,
      personId,
      decisionId,
      ...decided.uncovered,
      reasonCode:
        reasonCode ?? (outcome === 'amended' ? 'committee_amended_effective_date' : 'committee_refused'),
    });
  const data = {
    personId,
    change: CHANGE[outcome],
    periodId: period.id,
    effectiveFrom: decided.period.startDate,
    category: decided.period.category,
    reopeningId: found.id,
    decisionId,
    reasonCode,
  };
  await context.events.append(tx, IncomeCoverageChangedV1, {
    tenantId,
    aggregateId: personId,
    correlationId: event.correlationId,
    causationId: event.id,
    data,
  });
  await appendTimeline(tx, {
    id: context.clock.newId(),
    tenantId,
    personId,
    kind: CHANGE[outcome],
    effectiveOn: decided.period.startDate,
    details: { ...data, decidedOn, uncovered: decided.uncovered },
    sourceEventId: event.id,
  });
  await checkCoverage(context, tx, {
    tenantId,
    personId,
    correlationId: event.correlationId,
    causationId: event.id,
  });
  logger.info({ reopeningId: found.id, decisionId, outcome }, 'committee decision on the reopening applied');
  return undefined;
};
