import { Connection, describeProducersV0 } from '@platformatic/kafka';
import { createKafka, createPublisher, ensureTopics, type Publisher } from '@relais/messaging';
import {
  consumeWithPlatformatic,
  createPlatformaticPublisher,
  type ReceivedMessage,
} from '@relais/messaging/platformatic';
import { readTopic, uniquePrefix, waitFor } from '@relais/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const logger = pino({ level: 'silent' });
const brokers = inject('kafkaBrokers');
const prefix = uniquePrefix('platformatic');
const kafka = createKafka({ brokers, clientId: 'platformatic-test', logger });
const spec = (name: string) => ({ name, partitions: 3, retentionMs: 3_600_000 });
const ORDERED = spec('ordered.v1');
const BY_KAFKAJS = spec('by-kafkajs.v1');
const ROUND_TRIP = spec('round-trip.v1');
const topic = (s: { name: string }) => `${prefix}${s.name}`;
// Twelve keys: the chance that none has a negative murmur2 (where the library's default
// partitioner and the Java/kafkajs one disagree) is 2^-12.
const keys = Array.from({ length: 12 }, (_, i) => `person-${String(i * 7919)}`);
let publisher: Publisher;

/** Asks the broker which producers it tracks on a partition (KIP-664 DescribeProducers). */
const activeProducers = async (name: string, partition: number) => {
  const [host = '', port = ''] = brokers[0]?.split(':') ?? [];
  const connection = new Connection('platformatic-test');
  await connection.connect(host, Number(port));
  try {
    const response = await describeProducersV0.api.async(connection, [
      { name, partitionIndexes: [partition] },
    ]);
    return response.topics[0]?.partitions[0]?.activeProducers ?? [];
  } finally {
    await connection.close();
  }
};

beforeAll(async () => {
  await ensureTopics(kafka, [ORDERED, BY_KAFKAJS, ROUND_TRIP], prefix);
  publisher = createPlatformaticPublisher({ brokers, clientId: 'platformatic-test', logger });
  await publisher.connect();
});

afterAll(async () => {
  await publisher.disconnect();
});

describe('the @platformatic/kafka publisher', () => {
  it('keeps each key in order, with its headers, on the partition kafkajs picks for it', async () => {
    // Not awaited one by one: publishes called back to back must still land in call order.
    await Promise.all(
      [0, 1, 2, 3, 4].flatMap((n) =>
        keys.map((key) =>
          publisher.publish([
            { topic: topic(ORDERED), key, value: `${key}#${String(n)}`, headers: { n: String(n) } },
          ]),
        ),
      ),
    );
    const reference = createPublisher(kafka);
    await reference.connect();
    await reference.publish(keys.map((key) => ({ topic: topic(BY_KAFKAJS), key, value: key })));
    await reference.disconnect();

    const ordered = await readTopic(kafka, ORDERED, prefix);
    const byKafkajs = await readTopic(kafka, BY_KAFKAJS, prefix);
    for (const key of keys) {
      const mine = ordered.filter((m) => m.key === key);
      expect(mine.map((m) => m.value)).toEqual([0, 1, 2, 3, 4].map((n) => `${key}#${String(n)}`));
      expect(mine.map((m) => m.headers)).toEqual([0, 1, 2, 3, 4].map((n) => ({ n: String(n) })));
      const partition = byKafkajs.find((m) => m.key === key)?.partition;
      expect(new Set(mine.map((m) => m.partition))).toEqual(new Set([partition]));
    }
  });

  it('is idempotent: the broker tracks its producer id and every sequence number (acks=all)', async () => {
    const messages = await readTopic(kafka, ORDERED, prefix);
    for (const partition of [0, 1, 2]) {
      const count = messages.filter((m) => m.partition === partition).length;
      if (count === 0) continue;
      const producers = await activeProducers(topic(ORDERED), partition);
      expect(producers).toHaveLength(1);
      expect(producers[0]?.producerId).toBeGreaterThanOrEqual(0n);
      // Sequences start at 0 per partition for a new producer id: one per message, none skipped.
      expect(producers[0]?.lastSequence).toBe(count - 1);
    }
  });

  it('round-trips keys, headers and a null value through the platformatic consumer', async () => {
    await publisher.publish([
      { topic: topic(ROUND_TRIP), key: 'a', value: '{"n":1}', headers: { 'event-type': 'Test' } },
      { topic: topic(ROUND_TRIP), key: 'a', value: null },
      { topic: topic(ROUND_TRIP), key: 'b', value: Buffer.from('bytes') },
    ]);
    const received: ReceivedMessage[] = [];
    const subscription = await consumeWithPlatformatic({
      brokers,
      clientId: 'platformatic-test',
      groupId: `${prefix}round-trip`,
      topics: [topic(ROUND_TRIP)],
      onMessage: (m) => received.push(m),
    });
    try {
      await waitFor(() => received.length === 3, { timeoutMs: 30000, what: 'three messages' });
    } finally {
      await subscription.stop();
    }
    const ofA = received.filter((m) => m.key === 'a');
    expect(ofA.map((m) => [m.value, m.headers])).toEqual([
      ['{"n":1}', { 'event-type': 'Test' }],
      [null, {}],
    ]);
    expect(received.find((m) => m.key === 'b')?.value).toBe('bytes');
  });

  it('rejects a publish to a topic that does not exist, and publishes again after it', async () => {
    const missing = publisher.publish([{ topic: `${prefix}missing.v1`, key: 'k', value: 'x' }]);
    // After the bounded retries (≈ 16 s): metadata keeps answering that the topic is unknown.
    await expect(missing).rejects.toThrow(/Unknown topic/);
    await publisher.publish([{ topic: topic(ROUND_TRIP), key: 'c', value: 'after' }]);
    const after = await readTopic(kafka, ROUND_TRIP, prefix);
    expect(after.some((m) => m.key === 'c' && m.value === 'after')).toBe(true);
  });
});
