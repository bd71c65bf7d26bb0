import type {
  CheckInRecordedV1,
  EventOf,
  PreventionVisitReportedV1,
  PlacementEndedV1,
  PlacementOutcomeRecordedV1,
  TrialEndedV1,
  TrialPassedV1,
} from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { caseKey } from '../domain/reminders.ts';
import { closeCases } from '../db/reminders.ts';
import { rememberSubjectPerson } from './remember-person.ts';
import type { NotificationsContext } from './notice-context.ts';

/**
 * A trial ended, passed or not: its check-in reminders stop. The trial's person is remembered for
 * the committee's decision on the trial end.
 */
export const onTrialOver = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof TrialEndedV1> | EventOf<typeof TrialPassedV1>,
): Promise<void> => {
  const { trialPeriodId, personId } = event.data;
  await rememberSubjectPerson(context, tx, event.tenantId, 'trial_period', trialPeriodId, personId);
  await closeCases(tx, event.tenantId, [caseKey.trialPeriod(trialPeriodId)], event.type, context.clock.now());
};

/** A late check-in was held: its reminder stops (the trial's other check-ins keep theirs). */
export const onCheckInRecorded = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof CheckInRecordedV1>,
): Promise<void> => {
  await closeCases(
    tx,
    event.tenantId,
    [caseKey.checkInHeld(event.data.checkInId)],
    event.type,
    context.clock.now(),
  );
};

/** A placement ended: every reminder about it stops (check-ins, the sheet, aid at risk of its suspension). */
export const onPlacementEnded = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof PlacementEndedV1>,
): Promise<void> => {
  const { placementId, personId } = event.data;
  await rememberSubjectPerson(context, tx, event.tenantId, 'placement', placementId, personId);
  await closeCases(tx, event.tenantId, [caseKey.placement(placementId)], event.type, context.clock.now());
};

/**
 * A prevention visit was reported: the wait for it is over, whether or not it changed the host's
 * safety status (the post-accident reminder of that visit stops).
 */
export const onPreventionVisitReported = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof PreventionVisitReportedV1>,
): Promise<void> => {
  await closeCases(
    tx,
    event.tenantId,
    [caseKey.visitAssessed(event.data.visitId)],
    event.type,
    context.clock.now(),
  );
};

/** The situation at an outcome check was recorded (or corrected): the check's reminder stops. */
export const onPlacementOutcomeRecorded = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof PlacementOutcomeRecordedV1>,
): Promise<void> => {
  await closeCases(
    tx,
    event.tenantId,
    [caseKey.outcomeRecorded(event.data.checkId)],
    event.type,
    context.clock.now(),
  );
};
