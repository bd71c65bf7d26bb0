import type {
  EventOf,
  HostEmployerRegisteredV1,
  TrialEndedV1,
  TrialOutcomeCorrectedV1,
} from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { upsertHost, upsertTrial } from '../db/facts.ts';

/** Keeps a host's name, legal form and sector for the case summaries. */
export const recordHost = async (tx: Tx, event: EventOf<typeof HostEmployerRegisteredV1>): Promise<void> => {
  const { hostEmployerId, name, legalType, sector } = event.data;
  await upsertHost(tx, event.tenantId, hostEmployerId, { name, legalType, sector });
};

/**
 * Keeps the end of a trial with the placement officer's analysis, so the committee ratifying
 * the reopening knows why the trial did not work out (seed 004 §4.4); a correction replaces it.
 */
export const recordTrialEnd = async (
  tx: Tx,
  event: EventOf<typeof TrialEndedV1> | EventOf<typeof TrialOutcomeCorrectedV1>,
): Promise<void> => {
  const d = event.data;
  const end = 'corrected' in d ? d.corrected : d;
  await upsertTrial(tx, {
    tenantId: event.tenantId,
    placementId: d.placementId,
    personId: d.personId,
    trialPeriodId: d.trialPeriodId,
    outcome: end.outcome,
    lastWorkedDay: end.lastWorkedDay,
    reasonCode: end.reasonCode,
    initiatedBy: end.initiatedBy,
    officerAnalysis: end.officerAnalysis,
    sourceEventId: event.id,
  });
};
