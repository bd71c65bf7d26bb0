import { CheckInOverdueV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { isOverdue } from '../domain/check-in.ts';
import { findCheckIn, listOverdueCandidates, markReminded } from '../db/check-ins.ts';
import { findTrial } from '../db/trial-periods.ts';

const BATCH = 200;

/**
 * Reminds the officer of every check-in past its due date and grace days: CheckInOverdue once
 * per check-in, with the reminder recorded in the same transaction. Safe with several
 * instances: each check-in is locked with SKIP LOCKED and re-checked under the lock. Due work
 * is found across CPAS in the platform scope (read only); each reminder is written in its
 * check-in's CPAS, where row-level security holds the transaction.
 */
export const remindOverdueCheckIns = async (context: ServiceContext, today: string): Promise<number> => {
  let reminded = 0;
  for (const due of await listOverdueCandidates(context.platformPool, today, BATCH)) {
    const done = await withTenantTransaction(context.pool, due.tenantId, async (tx) => {
      const checkIn = await findCheckIn(tx, due.tenantId, due.id, 'skip_locked');
      if (!checkIn || !isOverdue(checkIn, today, due.graceDays)) return false;
      const trial = await findTrial(tx, due.tenantId, checkIn.trialPeriodId);
      if (trial?.status !== 'running') return false;
      await markReminded(tx, checkIn, today);
      await context.events.append(tx, CheckInOverdueV1, {
        tenantId: trial.tenantId,
        aggregateId: trial.id,
        partitionKey: trial.personId,
        correlationId: context.clock.newId(),
        causationId: null,
        data: {
          checkInId: checkIn.id,
          trialPeriodId: trial.id,
          placementId: trial.placementId,
          personId: trial.personId,
          sequence: checkIn.sequence,
          dueOn: checkIn.dueOn,
          detectedOn: today,
        },
      });
      return true;
    });
    if (done) reminded += 1;
  }
  return reminded;
};
