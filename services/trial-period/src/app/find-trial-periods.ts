import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { TrialPeriod } from '../domain/trial-period.ts';
import { listCheckInsOfTrial, listFlaggedCheckIns, type CheckInOfPerson } from '../db/check-ins.ts';
import { listOutcomeRecords, type OutcomeRecordOfPerson } from '../db/outcome-records.ts';
import { findTrial, searchTrials, type TrialFilter } from '../db/trial-periods.ts';

/** A page of a list: the items and the id to continue after (undefined on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextAfter: string | undefined;
}

const pageOf = <T extends { readonly id: string }>(rows: readonly T[], limit: number): Page<T> => {
  const items = rows.slice(0, limit);
  return { items, nextAfter: rows.length > limit ? items.at(-1)?.id : undefined };
};

const notFound = (id: string) => new DomainError('TRIAL_NOT_FOUND', 'not_found', `no trial period ${id}`);

/** One trial period of the tenant, or TRIAL_NOT_FOUND (also for another CPAS's trial). */
export const getTrialPeriod = (context: ServiceContext, tenantId: string, id: string): Promise<TrialPeriod> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const trial = await findTrial(tx, tenantId, id);
    if (!trial) throw notFound(id);
    return trial;
  });

/** A page of the tenant's trial periods, filtered by placement, person or status. */
export const searchTrialPeriods = (
  context: ServiceContext,
  tenantId: string,
  filter: TrialFilter,
): Promise<Page<TrialPeriod>> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => pageOf(await searchTrials(tx, tenantId, filter), filter.limit),
    {
      readOnly: true,
    },
  );

/** The check-ins of one trial of the tenant, in schedule order, each voice apart. */
export const listCheckIns = (
  context: ServiceContext,
  tenantId: string,
  trialId: string,
): Promise<CheckInOfPerson[]> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const trial = await findTrial(tx, tenantId, trialId);
      if (!trial) throw notFound(trialId);
      const checkIns = await listCheckInsOfTrial(tx, tenantId, trialId);
      return checkIns.map((checkIn) => ({ ...checkIn, personId: trial.personId }));
    },
    { readOnly: true },
  );

/** The outcome records of one trial: the decision and its corrections, in order. */
export const listOutcomes = (
  context: ServiceContext,
  tenantId: string,
  trialId: string,
): Promise<OutcomeRecordOfPerson[]> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const trial = await findTrial(tx, tenantId, trialId);
      if (!trial) throw notFound(trialId);
      const records = await listOutcomeRecords(tx, tenantId, trialId);
      return records.map((record) => ({ ...record, personId: trial.personId }));
    },
    { readOnly: true },
  );

/** A page of the tenant's check-ins flagged for the officer (strong disagreement between the voices). */
export const searchFlaggedCheckIns = (
  context: ServiceContext,
  tenantId: string,
  page: { readonly after?: string | undefined; readonly limit: number },
): Promise<Page<CheckInOfPerson>> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => pageOf(await listFlaggedCheckIns(tx, tenantId, page), page.limit),
    {
      readOnly: true,
    },
  );
