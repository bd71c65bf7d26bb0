import type { EventOf, PlacementStartedV1 } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { planTrial } from '../domain/schedule.ts';
import { openTrial } from '../domain/trial-period.ts';
import { insertScheduledCheckIns } from '../db/check-ins.ts';
import { loadTrialSettings } from '../db/settings.ts';
import { insertTrial } from '../db/trial-periods.ts';

/**
 * A placement started: its trial (evaluation) period opens, with the length and check-in
 * schedule in force for the CPAS on the first day. A re-emitted start opens nothing new.
 *
 * PlacementStarted v1 carries no contract type, so the settings for any contract type apply
 * until the placement service publishes one.
 */
export const openTrialPeriod = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<typeof PlacementStartedV1>,
  { logger }: HandlerContext,
): Promise<void> => {
  const { placementId, personId, startDate } = event.data;
  const settings = await loadTrialSettings(tx, event.tenantId, null, startDate);
  const plan = planTrial(startDate, settings);
  const trial = openTrial(
    { tenantId: event.tenantId, placementId, personId, startDate },
    context.clock.newId(),
    settings,
    plan,
  );
  const opened = await insertTrial(tx, trial, event.id);
  if (opened) await insertScheduledCheckIns(tx, trial, plan.checkInsDueOn, () => context.clock.newId());
  logger.info(
    { trialPeriodId: opened ? trial.id : undefined, opened, settingsId: settings.id },
    opened ? 'trial period opened' : 'trial period already open',
  );
};
