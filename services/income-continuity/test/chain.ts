// What most of these tests feed the service: one person's placement start and the not-conclusive
// end of its trial, as placement and trial-period publish them.
import { buildEvent, PlacementStartedV1, TOPICS, topicName, TrialEndedV1 } from '@relais/contracts';
import type { BaseConfig } from '@relais/service-kit';
import { testKafka, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';

const meta = (tenantId: string) => ({
  id: uuidv7(),
  occurredAt: new Date().toISOString(),
  tenantId,
  correlationId: uuidv7(),
  causationId: null,
});

/** A start on 2 March 2026 and a trial ended on the 20th; `reEmitted` is the same end under a new event id. */
export const trialChain = (tenantId: string, personId = uuidv7()) => {
  const placementId = uuidv7();
  const trialPeriodId = uuidv7();
  const started = buildEvent(PlacementStartedV1, {
    ...meta(tenantId),
    aggregateId: placementId,
    data: { placementId, personId, hostEmployerId: uuidv7(), startDate: '2026-03-02' },
  });
  const endedData = {
    trialPeriodId,
    placementId,
    personId,
    placementStartDate: '2026-03-02',
    outcome: 'not_conclusive' as const,
    lastWorkedDay: '2026-03-20',
    reasonCode: 'tasks_not_matching_skills' as const,
    initiatedBy: 'host' as const,
  };
  const ended = buildEvent(TrialEndedV1, { ...meta(tenantId), aggregateId: trialPeriodId, data: endedData });
  /** The same fact emitted again under a new event id (a producer's retry after a lost answer). */
  const reEmitted = buildEvent(TrialEndedV1, {
    ...meta(tenantId),
    aggregateId: trialPeriodId,
    data: endedData,
  });
  return { personId, placementId, trialPeriodId, started, ended, reEmitted };
};

/**
 * Sends the people's placement starts, then their trial ends, each topic's in one batch (so that
 * the consumer applies them in runs, not one by one), on `partition` if given, and waits until
 * every one of them has a reopening.
 */
export const sendTogetherUntilReopened = async (
  ic: TestService<BaseConfig>,
  brokers: readonly string[],
  people: readonly ReturnType<typeof trialChain>[],
  partition?: number,
): Promise<void> => {
  const producer = testKafka(brokers).producer();
  await producer.connect();
  try {
    for (const [topic, pick] of [
      [TOPICS.placement, (p: (typeof people)[number]) => p.started],
      [TOPICS.trialPeriod, (p: (typeof people)[number]) => p.ended],
    ] as const)
      await producer.send({
        topic: topicName(topic, ic.prefix),
        messages: people.map((p) => ({
          key: p.personId,
          value: JSON.stringify(pick(p)),
          ...(partition === undefined ? {} : { partition }),
        })),
      });
  } finally {
    await producer.disconnect();
  }
  await waitFor(
    async () =>
      (
        await ic.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM income_reopenings WHERE person_id = ANY($1::uuid[])',
          [people.map((p) => p.personId)],
        )
      ).rows[0]?.n === people.length,
    { what: 'every reopening' },
  );
};
