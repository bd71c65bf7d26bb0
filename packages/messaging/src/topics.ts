import { ALL_TOPICS, topicName, type TopicSpec } from '@relais/contracts';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { createKafka } from './kafka.ts';

/**
 * Creates the missing topics with their partitions and retention; existing topics are left
 * as they are. Resolves once the broker reports every topic's metadata.
 */
export const ensureTopics = async (
  kafka: Kafka,
  specs: readonly TopicSpec[],
  prefix = '',
): Promise<string[]> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const names = specs.map((s) => topicName(s, prefix));
    const missing = specs.filter((s) => !existing.has(topicName(s, prefix)));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: topicName(s, prefix),
          numPartitions: s.partitions,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: String(s.retentionMs) }],
        })),
      });
    }
    await admin.fetchTopicMetadata({ topics: names });
    return names;
  } finally {
    await admin.disconnect();
  }
};

/** Creates every platform topic (from the contracts package) under a prefix. */
export const createPlatformTopics = (brokers: readonly string[], prefix = ''): Promise<string[]> =>
  ensureTopics(
    createKafka({ brokers, clientId: 'relais-infra', logger: pino({ level: 'warn' }) }),
    ALL_TOPICS,
    prefix,
  );
