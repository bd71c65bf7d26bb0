import { buildEvent, PlacementStartedV1, TrialEndedV1, type EventOf } from '@relais/contracts';
import { v7 as uuidv7 } from 'uuid';

const DAY_MS = 86400000;

/** `iso` plus `days`, as a calendar day. */
export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** One placement of a person: started, then its trial ended not conclusive. */
export interface PlacementStory {
  readonly personId: string;
  readonly placementId: string;
  readonly trialPeriodId: string;
  readonly started: EventOf<typeof PlacementStartedV1>;
  readonly ended: EventOf<typeof TrialEndedV1>;
}

/**
 * The `round`-th placement of a person (rounds 40 days apart, 15 worked days each), as
 * placement and trial-period would announce it, under one correlation id.
 */
export const placementStory = (tenantId: string, personId: string, round: number): PlacementStory => {
  const placementId = uuidv7();
  const trialPeriodId = uuidv7();
  const startDate = addDays('2025-01-06', round * 40);
  const correlationId = uuidv7();
  const common = { tenantId, occurredAt: new Date().toISOString(), correlationId, causationId: null };
  return {
    personId,
    placementId,
    trialPeriodId,
    started: buildEvent(PlacementStartedV1, {
      ...common,
      id: uuidv7(),
      aggregateId: placementId,
      data: { placementId, personId, hostEmployerId: uuidv7(), startDate },
    }),
    ended: buildEvent(TrialEndedV1, {
      ...common,
      id: uuidv7(),
      aggregateId: trialPeriodId,
      data: {
        trialPeriodId,
        placementId,
        personId,
        placementStartDate: startDate,
        outcome: 'not_conclusive',
        lastWorkedDay: addDays(startDate, 14),
        reasonCode: 'tasks_not_matching_skills',
        initiatedBy: 'host',
      },
    }),
  };
};

/** Our services key a person's events by the person, so each person's events keep their order. */
export const byPerson = (event: { data: unknown }): string => (event.data as { personId: string }).personId;
