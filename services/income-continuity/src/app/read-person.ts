import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { findGaps, type CoverageGap, type CoveragePeriod } from '../domain/coverage.ts';
import { loadTimeline } from '../db/coverage.ts';
import {
  listFollowUps,
  listReopenings,
  type FollowUpRecord,
  type ReopeningRecord,
} from '../db/reopenings.ts';

/** A person's income coverage as the social service sees it. */
export interface IncomeCoverageView {
  readonly personId: string;
  readonly periods: CoveragePeriod[];
  readonly gaps: CoverageGap[];
  readonly reopenings: ReopeningRecord[];
}

/** The coverage timeline, its gaps (must be none) and the reopenings awaiting the committee. */
export const getIncomeCoverage = (
  context: ServiceContext,
  tenantId: string,
  personId: string,
): Promise<IncomeCoverageView> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const periods = await loadTimeline(tx, tenantId, personId);
      return {
        personId,
        periods,
        gaps: findGaps(periods),
        reopenings: await listReopenings(tx, tenantId, personId),
      };
    },
    { readOnly: true },
  );

/** The person's ISP follow-ups. */
export const getFollowUps = (
  context: ServiceContext,
  tenantId: string,
  personId: string,
): Promise<FollowUpRecord[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listFollowUps(tx, tenantId, personId), {
    readOnly: true,
  });
