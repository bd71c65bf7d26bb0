import { OutcomeCheckDueV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { fallsDue } from '../domain/outcomes.ts';
import { lockChecksFallingDue, markCheckDue, tenantsWithChecksFallingDue } from '../db/outcome-checks.ts';

// Bounds each transaction (and the locks it holds); a larger backlog takes several rounds.
const BATCH = 200;

const announceBatch = (context: ServiceContext, tenantId: string, today: string): Promise<number> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    let announced = 0;
    for (const check of await lockChecksFallingDue(tx, tenantId, today, BATCH)) {
      if (!fallsDue(check, today)) continue;
      await markCheckDue(tx, tenantId, check.id, context.clock.now());
      await context.events.append(tx, OutcomeCheckDueV1, {
        tenantId,
        aggregateId: check.id,
        partitionKey: check.personId,
        correlationId: context.clock.newId(),
        causationId: null,
        data: {
          checkId: check.id,
          personId: check.personId,
          placementId: check.placementId,
          monthsAfterEnd: check.monthsAfterEnd,
          lastWorkedDay: check.lastWorkedDay,
          dueOn: check.dueOn,
        },
      });
      announced += 1;
    }
    return announced;
  });

/**
 * Announces every outcome check whose due day has come (OutcomeCheckDue, once per check: the
 * follow-up team is reminded), CPAS by CPAS, each batch in its own transaction. Safe with several
 * instances: rows one holds are skipped by the others, and an announced check is no longer
 * scheduled. A check recorded before its due day is never announced. Logs counts, never content.
 */
export const announceDueOutcomeChecks = async (context: ServiceContext, today: string): Promise<number> => {
  let total = 0;
  for (const tenantId of await tenantsWithChecksFallingDue(context.platformPool, today)) {
    let announced = 0;
    for (let batch = BATCH; batch === BATCH;) {
      batch = await announceBatch(context, tenantId, today);
      announced += batch;
    }
    if (announced > 0) context.logger.info({ tenantId, announced, today }, 'outcome checks due announced');
    total += announced;
  }
  return total;
};
