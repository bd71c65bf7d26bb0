import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { expirePosition } from '../domain/position.ts';
import { lockStalePositions, savePositionStatus, tenantsWithStalePositions } from '../db/positions.ts';

// Bounds each transaction (and the locks it holds); a larger backlog takes several rounds.
const BATCH = 200;

const expireBatch = (context: ServiceContext, tenantId: string, today: string): Promise<number> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    let expired = 0;
    for (const position of await lockStalePositions(tx, tenantId, today, BATCH)) {
      const stale = expirePosition(position, today);
      if (!stale) continue;
      await savePositionStatus(tx, stale);
      expired += 1;
    }
    return expired;
  });

/**
 * Expires open positions whose expiry day is before `today` ('YYYY-MM-DD'), CPAS by CPAS, each
 * in its own transaction. Safe with several instances running it at once: rows locked by one
 * are skipped by the others. Returns how many this call expired. Logs counts, never content.
 */
export const expireStalePositions = async (context: ServiceContext, today: string): Promise<number> => {
  let total = 0;
  for (const tenantId of await tenantsWithStalePositions(context.platformPool, today)) {
    let expired = 0;
    for (let batch = BATCH; batch === BATCH;) {
      batch = await expireBatch(context, tenantId, today);
      expired += batch;
    }
    if (expired > 0) context.logger.info({ tenantId, expired, today }, 'stale positions expired');
    total += expired;
  }
  return total;
};
