import type { ServiceContext } from '@relais/service-kit';
import { inForceOn, type DeadlineSettings } from '../domain/deadlines.ts';
import type { CostSettings } from '../domain/financial.ts';
import {
  loadCostRows,
  loadDeadlineRows,
  upsertCostSettings,
  upsertDeadlineSettings,
} from '../db/settings.ts';
import { inTenant, readInTenant, todayOf, type CommandMeta } from './common.ts';

/** `GET /settings`: the deadlines and costs in force today, and every row of their history. */
export const readSettings = (context: ServiceContext, tenantId: string) =>
  readInTenant(context, tenantId, async (tx) => {
    const today = todayOf(context);
    const deadlines = await loadDeadlineRows(tx, tenantId);
    const costs = await loadCostRows(tx, tenantId);
    const inForce = inForceOn(deadlines, today);
    if (!inForce) throw new Error('no deadline settings in force: the platform default row is missing');
    return {
      deadlines: { inForce, history: deadlines },
      costs: { inForce: inForceOn(costs, today) ?? null, history: costs },
    };
  });

/** The CPAS administrator sets the legal deadlines from a day (a row for the same day is replaced). */
export const setDeadlineSettings = async (
  context: ServiceContext,
  meta: CommandMeta,
  settings: DeadlineSettings,
) => {
  await inTenant(context, meta.tenantId, (tx) =>
    upsertDeadlineSettings(tx, meta.tenantId, settings, meta.actor.id),
  );
  return readSettings(context, meta.tenantId);
};

/** The CPAS administrator sets what the options cost it from a day (nulls: no longer shown). */
export const setCostSettings = async (context: ServiceContext, meta: CommandMeta, settings: CostSettings) => {
  await inTenant(context, meta.tenantId, (tx) =>
    upsertCostSettings(tx, meta.tenantId, settings, meta.actor.id),
  );
  return readSettings(context, meta.tenantId);
};
