import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** A consumer group's committed offset per `topic:partition` (partitions without one are absent). */
export type CommittedOffsets = ReadonlyMap<string, bigint>;

/** Reads the group's committed offsets of `topics`. */
export const committedOffsets = async (
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<CommittedOffsets> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const found = new Map<string, bigint>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...topics] }))
      for (const p of partitions)
        if (p.offset !== '-1') found.set(`${topic}:${String(p.partition)}`, BigInt(p.offset));
    return found;
  } finally {
    await admin.disconnect();
  }
};

/**
 * The event ids (the `id` of each message's JSON value) of `topics` below `offsets`: the events
 * the group has said it is done with. Reads from the start, bounded by `timeoutMs`.
 */
export const eventIdsBelow = async (
  kafka: Kafka,
  topics: readonly string[],
  offsets: CommittedOffsets,
  timeoutMs = 60000,
): Promise<string[]> => {
  const wanted = [...offsets].filter(([, offset]) => offset > 0n);
  if (wanted.length === 0) return [];
  const remaining = new Map(wanted);
  const ids: string[] = [];
  const consumer = kafka.consumer({
    groupId: `chaos-reader-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(`reading committed events timed out with ${String(remaining.size)} partitions left`),
        );
      }, timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ topic, partition, message }) => {
            const key = `${topic}:${String(partition)}`;
            const below = offsets.get(key);
            const offset = BigInt(message.offset);
            if (below !== undefined && offset < below) {
              const value = message.value ? (JSON.parse(message.value.toString()) as { id?: unknown }) : {};
              if (typeof value.id === 'string') ids.push(value.id);
              if (offset + 1n >= below) remaining.delete(key);
            }
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return ids;
};
