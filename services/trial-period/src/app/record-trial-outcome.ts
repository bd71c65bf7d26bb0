import { TrialEndedV1, TrialPassedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../domain/model.ts';
import { recordOutcome, type RecordOutcome, type TrialPeriod } from '../domain/trial-period.ts';
import { insertOutcomeRecord } from '../db/outcome-records.ts';
import { findTrialStatement, saveDecision, trialIn } from '../db/trial-periods.ts';

/** Input of the use case, already validated at the edge. */
export interface RecordTrialOutcomeInput {
  readonly tenantId: string;
  readonly trialPeriodId: string;
  readonly correlationId: string;
  readonly command: RecordOutcome;
  /** Who decides: the signed-in officer. */
  readonly by: Actor;
}

/**
 * Records the outcome of a trial period and, in the same transaction, its first outcome record,
 * the cancellation of the check-ins still to come, and the event that tells the other services:
 * TrialPassed, or TrialEnded (not conclusive / ended early) with the officer's analysis.
 */
export const recordTrialOutcome = (
  context: ServiceContext,
  input: RecordTrialOutcomeInput,
): Promise<TrialPeriod> =>
  withTenantTransaction(
    context.pool,
    input.tenantId,
    async (tx, [loaded]) => {
      const trial = trialIn(loaded);
      if (!trial)
        throw new DomainError('TRIAL_NOT_FOUND', 'not_found', `no trial period ${input.trialPeriodId}`);
      const decided = recordOutcome(trial, input.command, belgianDay(context.clock.now()), input.by);
      const t = decided.trial;
      await saveDecision(tx, t, input.by);
      const ended = t.status === 'ended' ? t : undefined;
      await insertOutcomeRecord(tx, {
        id: context.clock.newId(),
        tenantId: t.tenantId,
        trialPeriodId: t.id,
        kind: 'decision',
        correctsRecordId: null,
        outcome: ended?.outcome ?? 'conclusive',
        lastWorkedDay: ended?.lastWorkedDay ?? null,
        reasonCode: ended?.reasonCode ?? null,
        initiatedBy: ended?.initiatedBy ?? null,
        officerAnalysis: t.officerAnalysis,
        correctionReason: null,
        explanation: null,
        recordedOn: t.decidedOn,
        recordedBy: input.by.id,
        recordedByRole: input.by.role,
      });
      const common = {
        tenantId: t.tenantId,
        aggregateId: t.id,
        partitionKey: t.personId,
        correlationId: input.correlationId,
        causationId: null,
      };
      const ids = { trialPeriodId: t.id, placementId: t.placementId, personId: t.personId };
      if (!ended) {
        await context.events.append(tx, TrialPassedV1, {
          ...common,
          data: { ...ids, decidedOn: t.decidedOn },
        });
      } else {
        await context.events.append(tx, TrialEndedV1, {
          ...common,
          data: {
            ...ids,
            placementStartDate: t.startDate,
            outcome: ended.outcome,
            lastWorkedDay: ended.lastWorkedDay,
            reasonCode: ended.reasonCode,
            initiatedBy: ended.initiatedBy,
            officerAnalysis: ended.officerAnalysis,
          },
        });
      }
      return t;
    },
    // The trial, locked, read with BEGIN: one round trip instead of two.
    { atBegin: [findTrialStatement(input.tenantId, input.trialPeriodId, true)] },
  );
