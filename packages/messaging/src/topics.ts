import { ALL_TOPICS, topicName, type TopicSpec } from '@relais/contracts';
import type { Admin, Kafka } from 'kafkajs';
import pino from 'pino';
import { createKafka } from './kafka.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until every partition of the topics has a leader. Just after creation the broker may
 * answer "does not host this topic-partition", which kafkajs' own wait does not retry.
 */
const waitForLeaders = async (admin: Admin, topics: string[], timeoutMs = 30000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (
        metadata.length === topics.length &&
        metadata.every((t) => t.partitions.every((p) => p.leader >= 0))
      )
        return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics have no leader after ${String(timeoutMs)} ms: ${topics.join(', ')}`);
    await sleep(100);
  }
};

/**
 * Creates the missing topics with their partitions and retention; existing topics are left
 * as they are. Resolves once every partition has a leader.
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
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: topicName(s, prefix),
          numPartitions: s.partitions,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: String(s.retentionMs) }],
        })),
      });
    }
    await waitForLeaders(admin, names);
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
