import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { correctOutcome as decide, type CorrectionReason, type SituationReport } from '../domain/outcomes.ts';
import { findOutcomeRecord, type OutcomeRecordView } from '../db/outcome-checks.ts';
import { lockCheck, saveOutcome, type OutcomeCommand } from './record-outcome.ts';

/**
 * A recorded situation was wrong or is known better now: a new record replaces it for the
 * statistics, linked to it with the reason; the first record is never changed (history kept).
 */
export const correctOutcome = (
  context: ServiceContext,
  command: OutcomeCommand & { readonly report: SituationReport; readonly reason: CorrectionReason },
): Promise<OutcomeRecordView> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const check = await lockCheck(tx, command.tenantId, command.checkId);
    const current = check.currentOutcomeId
      ? ((await findOutcomeRecord(tx, command.tenantId, check.currentOutcomeId)) ?? null)
      : null;
    const record = decide(check, current, {
      id: context.clock.newId(),
      role: command.actor.role,
      report: command.report,
      reason: command.reason,
      today: belgianDay(context.clock.now()),
    });
    return saveOutcome(context, tx, command, check, record);
  });
