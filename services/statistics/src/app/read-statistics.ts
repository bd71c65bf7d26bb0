import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { loadFacts } from '../db/facts.ts';
import { aggregate } from '../domain/aggregate.ts';
import { suppress, type Cell } from '../domain/cells.ts';
import { monthsBetween } from '../domain/days.ts';
import type { StatisticsConfig } from '../config.ts';

/** The figures of one CPAS for some months, small counts suppressed. */
export interface Statistics {
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
  readonly suppressionThreshold: number;
  readonly cells: Cell[];
}

const shift = (month: string, by: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};

/** Reads the figures of the caller's CPAS (the last twelve months unless asked otherwise). */
export const readStatistics = async (
  context: ServiceContext<StatisticsConfig>,
  tenantId: string,
  period: { readonly from?: string | undefined; readonly to?: string | undefined },
): Promise<Statistics> => {
  const asOf = belgianDay(context.clock.now());
  const to = period.to ?? asOf.slice(0, 7);
  const from = period.from ?? shift(to, -11);
  // Three years at most: the figures are computed from the facts on each request.
  const months = monthsBetween(from, to);
  const bounded = months.length > 36 ? (months[months.length - 36] ?? from) : from;
  const facts = await withTenantTransaction(context.pool, tenantId, loadFacts, { readOnly: true });
  const threshold = context.config.STATISTICS_SUPPRESSION_THRESHOLD;
  return {
    from: bounded,
    to,
    asOf,
    suppressionThreshold: threshold,
    cells: suppress(aggregate(facts, { from: bounded, to, asOf }), threshold),
  };
};
