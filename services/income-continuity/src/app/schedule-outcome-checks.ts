import type { HandlerContext, Ignored, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { planOutcomeChecks, type EndReason } from '../domain/outcomes.ts';
import { insertOutcomeChecks, sendNewOutcomeChecks } from '../db/outcome-checks.ts';
import { lockPerson } from '../db/coverage.ts';
import { appendTimeline } from '../db/timeline.ts';

/** A placement's end, as its outcome checks need it. */
export interface PlacementEnd {
  readonly tenantId: string;
  readonly personId: string;
  readonly placementId: string;
  readonly lastWorkedDay: string;
  readonly endReason: EndReason;
}

/**
 * A placement ended, whatever the reason (completed, ended early, trial not conclusive or ended
 * early): the person's situation will be looked at 3, 6 and 12 months after the last worked day
 * (issue 11; seed 004 §4.5). Once per placement: TrialEnded and the PlacementEnded that follows
 * it, or a re-emission, find the checks written and add nothing.
 */
export const scheduleOutcomeChecks = async (
  context: ServiceContext,
  tx: Tx,
  end: PlacementEnd,
  cause: { readonly id: string },
  { logger }: HandlerContext,
  /**
   * The milestones the placement has checks for, when the caller read them under the person's
   * lock (with BEGIN): none, the checks are written without waiting for the answer; all, nothing
   * is written. Otherwise the insert says how many were new.
   */
  known?: readonly number[],
): Promise<Ignored | undefined> => {
  await lockPerson(tx, end.tenantId, end.personId);
  const planned = planOutcomeChecks(end.lastWorkedDay, () => context.clock.newId());
  const checksEnd = { ...end, sourceEventId: cause.id };
  let inserted: number;
  if (known?.length === 0) {
    await sendNewOutcomeChecks(tx, checksEnd, planned);
    inserted = planned.length;
  } else if (known !== undefined && planned.every((c) => known.includes(c.monthsAfterEnd))) inserted = 0;
  else inserted = await insertOutcomeChecks(tx, checksEnd, planned);
  if (inserted === 0) {
    logger.debug({ placementId: end.placementId }, 'outcome checks already planned for this placement');
    return { ignored: 'outcome checks already planned for this placement' };
  }
  await appendTimeline(tx, {
    id: context.clock.newId(),
    tenantId: end.tenantId,
    personId: end.personId,
    kind: 'outcome_checks_planned',
    effectiveOn: end.lastWorkedDay,
    details: {
      placementId: end.placementId,
      endReason: end.endReason,
      checks: planned.map(({ id, monthsAfterEnd, dueOn }) => ({ checkId: id, monthsAfterEnd, dueOn })),
    },
    sourceEventId: cause.id,
  });
  logger.info({ placementId: end.placementId }, 'outcome checks planned');
  return undefined;
};

/**
 * What an end event's handler answers when it did two things: applied if either applied, ignored
 * (a duplicate fact) only when both were.
 */
export const appliedIfEither = (
  first: Ignored | undefined,
  second: Ignored | undefined,
): Ignored | undefined => (first && second ? first : undefined);
