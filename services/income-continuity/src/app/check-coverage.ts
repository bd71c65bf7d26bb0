import { CoverageGapDetectedV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { classifyGaps, findGaps } from '../domain/coverage.ts';
import { loadCoverageState, syncGaps, type CoverageState } from '../db/gaps.ts';
import { appendTimeline } from '../db/timeline.ts';

/** The person and the causation chain of the change just made. */
export interface ChangeOrigin {
  readonly tenantId: string;
  readonly personId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/**
 * Run after every change of a timeline, in its transaction: recomputes the person's gaps,
 * stores them for the metric, and raises an alert (event + timeline entry) for each new gap
 * that no recorded decision justifies — the invariant is broken and someone must act. `known`:
 * the state after the change as the caller already has it (read under the person's lock before
 * it wrote, with the change applied in memory), instead of reading it again.
 */
export const checkCoverage = async (
  context: ServiceContext,
  tx: Tx,
  origin: ChangeOrigin,
  known?: CoverageState,
): Promise<void> => {
  const { tenantId, personId } = origin;
  const state = known ?? (await loadCoverageState(tx, tenantId, personId));
  const gaps = classifyGaps(findGaps(state.timeline), state.decisions);
  const added = await syncGaps(tx, { tenantId, personId }, state.openGaps, gaps, () => context.clock.newId());
  for (const gap of added.filter((g) => g.justifiedBy === null)) {
    await context.events.append(tx, CoverageGapDetectedV1, {
      tenantId,
      aggregateId: personId,
      correlationId: origin.correlationId,
      causationId: origin.causationId,
      data: { gapId: gap.id, personId, from: gap.from, to: gap.to },
    });
    await appendTimeline(tx, {
      id: context.clock.newId(),
      tenantId,
      personId,
      kind: 'coverage_gap_detected',
      effectiveOn: gap.from,
      details: { gapId: gap.id, from: gap.from, to: gap.to },
      sourceEventId: origin.causationId,
    });
    context.logger.warn({ personId, from: gap.from, to: gap.to }, 'uncovered days with no decision');
  }
};
