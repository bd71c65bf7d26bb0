import { TrialOutcomeCorrectedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../domain/model.ts';
import { correctOutcome, type CorrectOutcome, type EndedOutcome } from '../domain/trial-period.ts';
import {
  insertOutcomeRecord,
  listOutcomeRecords,
  type OutcomeRecord,
  type OutcomeRecordOfPerson,
} from '../db/outcome-records.ts';
import { findTrial } from '../db/trial-periods.ts';

/** Input of the use case, already validated at the edge. */
export interface CorrectTrialOutcomeInput {
  readonly tenantId: string;
  readonly trialPeriodId: string;
  readonly correlationId: string;
  readonly by: Actor;
  readonly command: CorrectOutcome;
}

const asEnded = (r: OutcomeRecord): EndedOutcome | undefined =>
  r.outcome !== 'conclusive' && r.lastWorkedDay && r.reasonCode && r.initiatedBy
    ? {
        outcome: r.outcome,
        lastWorkedDay: r.lastWorkedDay,
        reasonCode: r.reasonCode,
        initiatedBy: r.initiatedBy,
        officerAnalysis: r.officerAnalysis,
      }
    : undefined;

/**
 * Corrects the end of an ended trial: a new outcome record linked to the one in force, with
 * its reason, and TrialOutcomeCorrected, in one transaction. Nothing is edited.
 */
export const correctTrialOutcome = (
  context: ServiceContext,
  input: CorrectTrialOutcomeInput,
): Promise<OutcomeRecordOfPerson> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    const trial = await findTrial(tx, input.tenantId, input.trialPeriodId, true);
    if (!trial)
      throw new DomainError('TRIAL_NOT_FOUND', 'not_found', `no trial period ${input.trialPeriodId}`);
    const inForce = (await listOutcomeRecords(tx, trial.tenantId, trial.id)).at(-1);
    const previous = inForce && asEnded(inForce);
    if (!inForce || !previous) {
      throw new DomainError('TRIAL_NOT_ENDED', 'conflict', `trial period ${trial.id} is ${trial.status}`);
    }
    const corrected = correctOutcome(trial, previous, input.command, input.by);
    const today = belgianDay(context.clock.now());
    const record: OutcomeRecord = {
      id: context.clock.newId(),
      tenantId: trial.tenantId,
      trialPeriodId: trial.id,
      kind: 'correction',
      correctsRecordId: inForce.id,
      ...corrected,
      correctionReason: input.command.correctionReason,
      explanation: input.command.explanation,
      recordedOn: today,
      recordedBy: input.by.id,
      recordedByRole: input.by.role,
    };
    await insertOutcomeRecord(tx, record);
    await context.events.append(tx, TrialOutcomeCorrectedV1, {
      tenantId: trial.tenantId,
      aggregateId: trial.id,
      partitionKey: trial.personId,
      correlationId: input.correlationId,
      causationId: null,
      data: {
        correctionId: record.id,
        correctsRecordId: inForce.id,
        trialPeriodId: trial.id,
        placementId: trial.placementId,
        personId: trial.personId,
        placementStartDate: trial.startDate,
        previous,
        corrected,
        correctionReason: input.command.correctionReason,
        correctedOn: today,
      },
    });
    return { ...record, personId: trial.personId };
  });
