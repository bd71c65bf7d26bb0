import { ensureTopics, registerConsumerLag, readConsumerLag } from '@relais/messaging';
import { testKafka, uniquePrefix, waitFor } from '@relais/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const logger = pino({ level: 'silent' });
const kafka = testKafka(inject('kafkaBrokers'));
const prefix = uniquePrefix('lag');
const topic = `${prefix}events`;
const groupId = `${prefix}group`;
const admin = kafka.admin();
const producer = kafka.producer();

const produce = (partition: number, n: number) =>
  producer.send({
    topic,
    messages: Array.from({ length: n }, (_, i) => ({ partition, key: `k${String(i)}`, value: 'x' })),
  });

/** Commits `offset` (the next one to read) for the group on a partition, as a consumer would. */
const commit = (partition: number, offset: number) =>
  admin.setOffsets({ groupId, topic, partitions: [{ partition, offset: String(offset) }] });

const lagLine = async (registry: Registry, partition: number) =>
  (await registry.getSingleMetricAsString('relais_consumer_lag'))
    .split('\n')
    .find((l) =>
      l.startsWith(
        `relais_consumer_lag{group="${groupId}",topic="${topic}",partition="${String(partition)}"}`,
      ),
    );

beforeAll(async () => {
  // As the services create theirs: kafkajs's own wait for leaders (createTopics with
  // waitForLeaders) asks for metadata the fresh KRaft broker may not serve yet ("does not host
  // this topic-partition"), which failed this file now and then.
  await ensureTopics(kafka, [{ name: 'events', partitions: 2, retentionMs: 3_600_000 }], prefix);
  await admin.connect();
  await producer.connect();
  // A fresh broker answers NOT_COORDINATOR while it creates __consumer_offsets.
  await waitFor(() => admin.fetchOffsets({ groupId, topics: [topic] }).then(() => true), {
    what: 'the group coordinator',
  });
});
afterAll(async () => {
  await producer.disconnect();
  await admin.disconnect();
});

describe('consumer lag per partition', () => {
  it('given messages the group never committed, then all are lag; once it commits, only what follows the commit', async () => {
    await produce(0, 5);
    await produce(1, 2);
    expect(await readConsumerLag(admin, groupId, [topic])).toEqual([
      { topic, partition: 0, lag: 5 },
      { topic, partition: 1, lag: 2 },
    ]);
    await commit(0, 3);
    await commit(1, 2);
    expect(await readConsumerLag(admin, groupId, [topic])).toEqual([
      { topic, partition: 0, lag: 2 },
      { topic, partition: 1, lag: 0 },
    ]);
  });

  it('serves scrapes from one reading for maxAgeMs, then reads the broker again; nothing without an admin', async () => {
    const registry = new Registry();
    const connected: { admin?: Admin } = {};
    registerConsumerLag({
      registry,
      groupId,
      topics: [topic],
      admin: () => connected.admin,
      logger,
      maxAgeMs: 300,
    });
    expect(await lagLine(registry, 0)).toBeUndefined();
    connected.admin = admin;
    const before = Number((await lagLine(registry, 0))?.split(' ')[1]);
    await produce(0, 4);
    // Within maxAgeMs the cached reading answers, whatever was produced since.
    expect(Number((await lagLine(registry, 0))?.split(' ')[1])).toBe(before);
    await waitFor(async () => Number((await lagLine(registry, 0))?.split(' ')[1]) === before + 4, {
      what: 'the lag to grow by the 4 new messages',
    });
  });

  it('reports no series, and /metrics still answers, when the broker cannot be asked', async () => {
    const registry = new Registry();
    const nowhere = new Kafka({
      brokers: ['127.0.0.1:9'],
      connectionTimeout: 100,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
    const gone = nowhere.admin();
    registerConsumerLag({ registry, groupId, topics: [topic], admin: () => gone, logger, timeoutMs: 200 });
    const started = Date.now();
    await expect(registry.metrics()).resolves.not.toMatch(/^relais_consumer_lag\{/m);
    await expect(registry.metrics()).resolves.not.toMatch(/^relais_consumer_lag\{/m);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
