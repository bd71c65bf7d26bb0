import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka } from 'kafkajs';

/**
 * Moves the group's committed offsets of `topics` back to the earliest message still on each
 * partition (the operator's `kafka-consumer-groups --reset-offsets --to-earliest`). The group
 * must have no member: its instances are stopped first; while the broker still sees one
 * leaving, the reset is tried again (bounded by `timeoutMs`). Resolves with the messages the
 * group now has to consume again.
 */
export const resetGroupToEarliest = async (
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  timeoutMs = 60000,
): Promise<number> => {
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  // The group's coordinator may be moving or loading (a broker just restarted): kafkajs marks
  // such errors retriable (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS); they are tried again.
  const retried = async <T>(call: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if ((error as { retriable?: unknown }).retriable !== true || Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  };
  try {
    for (;;) {
      const { state } = await retried(() => admin.describeGroups([groupId])).then(
        (d) => d.groups[0] ?? { state: 'Dead' },
      );
      if (state === 'Empty' || state === 'Dead') break;
      if (Date.now() > deadline)
        throw new Error(`group ${groupId} still ${state} after ${String(timeoutMs)} ms`);
      await sleep(250);
    }
    let again = 0;
    for (const topic of topics) {
      const ends = await retried(() => admin.fetchTopicOffsets(topic));
      await retried(() =>
        admin.setOffsets({
          groupId,
          topic,
          partitions: ends.map((e) => ({ partition: e.partition, offset: e.low })),
        }),
      );
      again += ends.reduce((n, e) => n + Number(BigInt(e.high) - BigInt(e.low)), 0);
    }
    return again;
  } finally {
    await admin.disconnect();
  }
};
