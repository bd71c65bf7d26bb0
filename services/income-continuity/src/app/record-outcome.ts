import { PlacementOutcomeRecordedV1 } from '@relais/contracts';
import { withTenantTransaction, type Tx } from '@relais/messaging';
import { belgianDay, DomainError, type RequestActor, type ServiceContext } from '@relais/service-kit';
import { recordOutcome as decide, type OutcomeRecord, type SituationReport } from '../domain/outcomes.ts';
import {
  findOutcomeCheck,
  findOutcomeRecord,
  saveOutcomeRecord,
  type OutcomeCheckRecord,
  type OutcomeRecordView,
} from '../db/outcome-checks.ts';
import { lockPerson } from '../db/coverage.ts';
import { appendTimeline } from '../db/timeline.ts';

/** A request about one outcome check. */
export type OutcomeCommand = RequestActor & { readonly checkId: string; readonly correlationId: string };

/** Loads and locks a check of the CPAS (with its person), or answers as for a check nobody has. */
export const lockCheck = async (tx: Tx, tenantId: string, checkId: string): Promise<OutcomeCheckRecord> => {
  const found = await findOutcomeCheck(tx, tenantId, checkId);
  if (!found) throw new DomainError('OUTCOME_CHECK_NOT_FOUND', 'not_found', `no outcome check ${checkId}`);
  await lockPerson(tx, tenantId, found.personId);
  return (await findOutcomeCheck(tx, tenantId, checkId, true)) ?? found;
};

/**
 * Saves a record, puts it on the person's timeline and writes PlacementOutcomeRecorded to the
 * outbox, in the caller's transaction. Returns the record as stored.
 */
export const saveOutcome = async (
  context: ServiceContext,
  tx: Tx,
  command: OutcomeCommand,
  check: OutcomeCheckRecord,
  record: OutcomeRecord,
): Promise<OutcomeRecordView> => {
  const { tenantId } = command;
  await saveOutcomeRecord(tx, tenantId, record, command.actor);
  await appendTimeline(tx, {
    id: context.clock.newId(),
    tenantId,
    personId: check.personId,
    kind: 'placement_outcome_recorded',
    effectiveOn: record.observedOn,
    details: {
      checkId: check.id,
      outcomeId: record.id,
      placementId: check.placementId,
      monthsAfterEnd: check.monthsAfterEnd,
      situation: record.situation,
      detailCode: record.detailCode,
      correctsOutcomeId: record.correctsOutcomeId,
      correctionReason: record.correctionReason,
    },
    actorId: command.actor.id,
  });
  await context.events.append(tx, PlacementOutcomeRecordedV1, {
    tenantId,
    aggregateId: check.id,
    partitionKey: check.personId,
    correlationId: command.correlationId,
    causationId: null,
    data: {
      outcomeId: record.id,
      checkId: check.id,
      personId: check.personId,
      placementId: check.placementId,
      monthsAfterEnd: check.monthsAfterEnd,
      lastWorkedDay: check.lastWorkedDay,
      endReason: check.endReason,
      dueOn: check.dueOn,
      observedOn: record.observedOn,
      situation: record.situation,
      detailCode: record.detailCode,
      correctsOutcomeId: record.correctsOutcomeId,
      correctionReason: record.correctionReason,
    },
  });
  const saved = await findOutcomeRecord(tx, tenantId, record.id);
  if (!saved) throw new Error(`outcome ${record.id} vanished inside its own transaction`);
  return saved;
};

/**
 * The follow-up team records the person's situation at a check: a first record, with the event
 * the notifications (the reminder stops) and the statistics (the count at 3/6/12 months) wait for.
 */
export const recordOutcome = (
  context: ServiceContext,
  command: OutcomeCommand & { readonly report: SituationReport },
): Promise<OutcomeRecordView> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const check = await lockCheck(tx, command.tenantId, command.checkId);
    const record = decide(check, {
      id: context.clock.newId(),
      role: command.actor.role,
      report: command.report,
      today: belgianDay(context.clock.now()),
    });
    return saveOutcome(context, tx, command, check, record);
  });
