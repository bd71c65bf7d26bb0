import { withTenantTransaction, type Tx } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import { amountOf, type PeriodAmount } from '../domain/amounts.ts';
import { classifyGaps, findGaps, type ClassifiedGap, type CoveragePeriod } from '../domain/coverage.ts';
import { listAidRequests, type AidRequestRecord } from '../db/aid-requests.ts';
import { listBridgesAndTasks, type BridgeRecord, type TaskRecord } from '../db/bridges.ts';
import { listRevisions, loadTimeline, loadUncoveredDecisions, type PeriodRevision } from '../db/coverage.ts';
import {
  listFollowUps,
  listReopenings,
  type FollowUpRecord,
  type ReopeningRecord,
} from '../db/reopenings.ts';
import { loadRates } from '../db/settings.ts';
import { listTimeline, type TimelineEntry } from '../db/timeline.ts';

/** A person's income coverage as the social service sees it. */
export interface IncomeCoverageView {
  readonly personId: string;
  readonly periods: (CoveragePeriod & { readonly amount: PeriodAmount | null })[];
  readonly gaps: ClassifiedGap[];
  readonly reopenings: ReopeningRecord[];
  readonly bridges: BridgeRecord[];
  readonly tasks: TaskRecord[];
}

/** The person's timeline: what happened, and every revision of every period. */
export interface TimelineView {
  readonly personId: string;
  readonly entries: TimelineEntry[];
  readonly revisions: PeriodRevision[];
}

const read = <T>(context: ServiceContext, tenantId: string, work: (tx: Tx) => Promise<T>) =>
  withTenantTransaction(context.pool, tenantId, work, { readOnly: true });

/**
 * The coverage timeline with the RI amount of each period through `asOf` (default: today),
 * its gaps with the decision that justifies each (none may be unjustified), the reopenings
 * with their proposals and decisions, and the bridges with their tasks.
 */
export const getIncomeCoverage = (
  context: ServiceContext,
  tenantId: string,
  personId: string,
  asOf?: string,
): Promise<IncomeCoverageView> =>
  read(context, tenantId, async (tx) => {
    const periods = await loadTimeline(tx, tenantId, personId);
    const rates = await loadRates(tx, tenantId);
    const through = asOf ?? belgianDay(context.clock.now());
    return {
      personId,
      periods: periods.map((p) => ({ ...p, amount: amountOf(p, rates, through) })),
      gaps: classifyGaps(findGaps(periods), await loadUncoveredDecisions(tx, tenantId, personId)),
      reopenings: await listReopenings(tx, tenantId, personId),
      ...(await listBridgesAndTasks(tx, tenantId, personId)),
    };
  });

/** The person's timeline entries and period revisions, in the order they were recorded. */
export const getTimeline = (
  context: ServiceContext,
  tenantId: string,
  personId: string,
): Promise<TimelineView> =>
  read(context, tenantId, async (tx) => ({
    personId,
    entries: await listTimeline(tx, tenantId, personId),
    revisions: await listRevisions(tx, tenantId, personId),
  }));

/** The person's ISP follow-ups. */
export const getFollowUps = (
  context: ServiceContext,
  tenantId: string,
  personId: string,
): Promise<FollowUpRecord[]> => read(context, tenantId, (tx) => listFollowUps(tx, tenantId, personId));

/** The person's aid requests. */
export const getAidRequests = (
  context: ServiceContext,
  tenantId: string,
  personId: string,
): Promise<AidRequestRecord[]> => read(context, tenantId, (tx) => listAidRequests(tx, tenantId, personId));
