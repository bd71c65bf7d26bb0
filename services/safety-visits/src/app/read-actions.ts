import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { CorrectiveAction } from '../domain/findings.ts';
import { listOpenActions } from '../db/findings.ts';

/** A page of open corrective actions by deadline (all, one host's, or the overdue ones). */
export const openActions = (
  context: ServiceContext,
  tenantId: string,
  query: Parameters<typeof listOpenActions>[2],
): Promise<CorrectiveAction[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listOpenActions(tx, tenantId, query), {
    readOnly: true,
  });
