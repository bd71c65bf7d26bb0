import { TrialEndedV1, TrialPassedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import { recordOutcome, type RecordOutcome, type TrialPeriod } from '../domain/trial-period.ts';
import { findTrial, saveDecision } from '../db/trial-periods.ts';

/** Input of the use case, already validated at the edge. */
export interface RecordTrialOutcomeInput {
  readonly tenantId: string;
  readonly trialPeriodId: string;
  readonly correlationId: string;
  readonly command: RecordOutcome;
}

/**
 * Records the outcome of a trial period and, in the same transaction, the event that tells
 * the other services: TrialPassed, or TrialEnded (not conclusive / ended early).
 */
export const recordTrialOutcome = (
  context: ServiceContext,
  input: RecordTrialOutcomeInput,
): Promise<TrialPeriod> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    const trial = await findTrial(tx, input.tenantId, input.trialPeriodId, true);
    if (!trial)
      throw new DomainError('TRIAL_NOT_FOUND', 'not_found', `no trial period ${input.trialPeriodId}`);
    const decided = recordOutcome(trial, input.command, belgianDay(context.clock.now()));
    await saveDecision(tx, decided.trial);
    const common = {
      tenantId: trial.tenantId,
      aggregateId: trial.id,
      partitionKey: trial.personId,
      correlationId: input.correlationId,
      causationId: null,
    };
    const ids = { trialPeriodId: trial.id, placementId: trial.placementId, personId: trial.personId };
    if (decided.type === 'TrialPassed') {
      await context.events.append(tx, TrialPassedV1, {
        ...common,
        data: { ...ids, decidedOn: decided.trial.decidedOn },
      });
    } else {
      const { outcome, lastWorkedDay, reasonCode, initiatedBy } = decided.trial;
      await context.events.append(tx, TrialEndedV1, {
        ...common,
        data: {
          ...ids,
          placementStartDate: trial.startDate,
          outcome,
          lastWorkedDay,
          reasonCode,
          initiatedBy,
        },
      });
    }
    return decided.trial;
  });
