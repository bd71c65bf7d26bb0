import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { accidentRate, type AccidentRate } from '../domain/accident-rates.ts';
import { loadRateFacts } from '../db/accidents.ts';

/** One group's rate: a host (id and name) or a sector. */
export type GroupRate = AccidentRate & { readonly key: string; readonly label: string };

/**
 * Accident rates over a period, per host or per sector: accidents per 100 placements and per
 * 1,000 worked days (weekdays of each placement inside the period, up to its last worked day).
 */
export const accidentRates = (
  context: ServiceContext,
  tenantId: string,
  query: {
    readonly groupBy: 'host' | 'sector';
    readonly from: string;
    readonly to: string;
    readonly hostEmployerId?: string | undefined;
  },
): Promise<GroupRate[]> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const facts = await loadRateFacts(tx, tenantId, query);
      const keyOf = (row: { hostEmployerId: string; sector: string }) =>
        query.groupBy === 'host' ? row.hostEmployerId : row.sector;
      const groups = new Map<string, string>();
      for (const h of facts.hosts)
        groups.set(query.groupBy === 'host' ? h.id : h.sector, query.groupBy === 'host' ? h.name : h.sector);
      return [...groups]
        .map(([key, label]) => ({
          key,
          label,
          ...accidentRate(
            facts.placements.filter((p) => keyOf(p) === key),
            facts.accidents.filter((a) => keyOf(a) === key),
            query,
          ),
        }))
        .filter((g) => g.placements > 0 || g.accidents > 0)
        .sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
    },
    { readOnly: true },
  );
