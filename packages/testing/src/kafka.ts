import { randomBytes } from 'node:crypto';
import {
  ALL_TOPICS,
  findEventDefinition,
  topicName,
  type EventDefinition,
  type EventOf,
  type TopicSpec,
} from '@relais/contracts';
import { Kafka, logLevel } from 'kafkajs';

/** A topic prefix of its own for one spec file: topics and consumer groups never collide between tests. */
export const uniquePrefix = (label: string): string => `t-${label}-${randomBytes(4).toString('hex')}.`;

/** A quiet kafkajs client for test code (producing raw messages, reading topics). */
export const testKafka = (brokers: readonly string[]): Kafka =>
  new Kafka({
    clientId: 'relais-tests',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5 },
  });

/** A message as read back from a topic. */
export interface ReadMessage {
  readonly partition: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

/** Reads every message currently on a topic, from the start (empty topics resolve at once). */
export const readTopic = async (kafka: Kafka, spec: TopicSpec, prefix: string): Promise<ReadMessage[]> => {
  const topic = topicName(spec, prefix);
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const total = offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0);
  const result: ReadMessage[] = [];
  if (total === 0) return result;
  const consumer = kafka.consumer({
    groupId: `reader-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {}))
              if (v !== undefined) headers[k] = v.toString();
            result.push({
              partition,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers,
            });
            if (result.length >= total) resolve();
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return result;
};

/** All topic specs, for creating a prefixed set in tests. */
export const allTopics = (): readonly TopicSpec[] => ALL_TOPICS;

/**
 * Puts events on their contracts' topics (under a test's prefix), as their producers would:
 * keyed by `key` when given, else by their aggregate.
 */
export const produceEvents = async (
  kafka: Kafka,
  prefix: string,
  events: readonly EventOf<EventDefinition>[],
  key?: string,
): Promise<void> => {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const event of events) {
      const definition = findEventDefinition(event.type, event.version);
      if (!definition) throw new Error(`no contract for ${event.type} v${String(event.version)}`);
      await producer.send({
        topic: topicName(definition.topic, prefix),
        messages: [{ key: key ?? event.aggregateId, value: JSON.stringify(event) }],
      });
    }
  } finally {
    await producer.disconnect();
  }
};
