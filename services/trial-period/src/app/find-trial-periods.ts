import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { TrialPeriod } from '../domain/trial-period.ts';
import { findTrial, findTrialsByPlacement } from '../db/trial-periods.ts';

/** One trial period of the tenant, or TRIAL_NOT_FOUND (also for another CPAS's trial). */
export const getTrialPeriod = (context: ServiceContext, tenantId: string, id: string): Promise<TrialPeriod> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const trial = await findTrial(tx, tenantId, id);
    if (!trial) throw new DomainError('TRIAL_NOT_FOUND', 'not_found', `no trial period ${id}`);
    return trial;
  });

/** The tenant's trial periods of one placement. */
export const listTrialPeriodsOfPlacement = (
  context: ServiceContext,
  tenantId: string,
  placementId: string,
): Promise<TrialPeriod[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => findTrialsByPlacement(tx, tenantId, placementId));
