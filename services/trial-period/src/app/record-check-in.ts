import { CheckInRecordedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import { recordCheckIn as decide, type RecordCheckIn } from '../domain/check-in.ts';
import type { Actor } from '../domain/model.ts';
import { findCheckIn, saveCheckIn, type CheckInOfPerson } from '../db/check-ins.ts';
import { findTrial } from '../db/trial-periods.ts';

/** Input of the use case, already validated at the edge. */
export interface RecordCheckInInput {
  readonly tenantId: string;
  readonly trialPeriodId: string;
  readonly checkInId: string;
  readonly by: Actor;
  readonly command: RecordCheckIn;
  readonly correlationId: string;
}

/**
 * Records a held check-in: the worker's and the officer's voices (and the tutor's, when told
 * to the officer), difficulties and support actions; items where the voices strongly disagree
 * are flagged for the officer. The trial row is locked first, so a decision cannot cross it.
 * `CheckInRecorded` goes out in the same transaction, so a reminder of the check-in being late
 * stops exactly when the check-in is in (a check-in is held once: the event is emitted once).
 */
export const recordCheckIn = (context: ServiceContext, input: RecordCheckInInput): Promise<CheckInOfPerson> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    const trial = await findTrial(tx, input.tenantId, input.trialPeriodId, true);
    const checkIn = trial && (await findCheckIn(tx, input.tenantId, input.checkInId, 'update'));
    if (!trial || checkIn?.trialPeriodId !== trial.id) {
      throw new DomainError(
        'CHECK_IN_NOT_FOUND',
        'not_found',
        `no check-in ${input.checkInId} in this trial`,
      );
    }
    const recorded = decide(trial, checkIn, input.command, input.by, belgianDay(context.clock.now()));
    await saveCheckIn(tx, recorded.checkIn, recorded.newVoices, input.by);
    await context.events.append(tx, CheckInRecordedV1, {
      tenantId: trial.tenantId,
      aggregateId: trial.id,
      partitionKey: trial.personId,
      correlationId: input.correlationId,
      causationId: null,
      data: {
        checkInId: checkIn.id,
        trialPeriodId: trial.id,
        placementId: trial.placementId,
        personId: trial.personId,
        heldOn: input.command.heldOn,
      },
    });
    context.logger.info(
      { trialPeriodId: trial.id, checkInId: checkIn.id, flagged: recorded.checkIn.flagged },
      'check-in recorded',
    );
    return { ...recorded.checkIn, personId: trial.personId };
  });
