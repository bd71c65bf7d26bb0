// Integration test: a real Kafka broker from infra/kafka/pom.xml, driven with kafkajs the way
// the services use it (admin, idempotent producer, consumer group). Needs Java 17+ and, on
// the first run, Maven with access to Maven Central (the jars are then cached, see kafka.ts).
//
//   node_modules/.bin/vitest run infra/src/kafka.int.test.ts

import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaStatus, startKafka, stopKafka } from './kafka.ts';
import type { KafkaBrokerOptions, RunningKafka } from './kafka.ts';

/** A TCP port that is free on 127.0.0.1 right now. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Runs a consumer of `groupId` until it has seen `count` messages, then disconnects (committing offsets). */
const consume = async (kafka: Kafka, groupId: string, topic: string, count: number): Promise<string[]> => {
  const consumer: Consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`consumed ${values.length}/${count} messages within 30 s`));
      }, 30_000);
      consumer
        .run({
          eachMessage: ({ message }) => {
            values.push(message.value?.toString() ?? '');
            if (values.length >= count) {
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
    // Disconnecting stops the group member and commits the offsets it has resolved.
    await consumer.disconnect();
  }
  return values.sort();
};

describe('single-node Kafka broker from Maven jars', () => {
  let dataDir = '';
  let opts: KafkaBrokerOptions = {};
  let broker: RunningKafka | undefined;
  let kafka: Kafka;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'relais-kafka-test-'));
    opts = { port: await freePort(), controllerPort: await freePort(), dataDir, heapMb: 384 };
    broker = await startKafka(opts);
    kafka = new Kafka({ clientId: 'infra-int-test', brokers: broker.brokers, logLevel: logLevel.WARN });
  }, 300_000);

  afterAll(async () => {
    if (broker?.startedByUs) await stopKafka(opts);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('starts a fresh broker of its own, detached, with its pid recorded', async () => {
    expect(broker?.startedByUs).toBe(true);
    expect(broker?.brokers).toEqual([`127.0.0.1:${opts.port}`]);
    expect(broker?.pid).toBeTypeOf('number');
    expect(existsSync(join(dataDir, 'broker.pid'))).toBe(true);
    expect(existsSync(join(dataDir, 'logs', 'server.log'))).toBe(true);
    const status = await kafkaStatus(opts);
    expect(status).toMatchObject({ pid: broker?.pid, pidAlive: true, answering: true });
  });

  it('creates a topic, produces idempotently and consumes with a consumer group that resumes from its commit', async () => {
    const topic = 'infra.test.events';
    const groupId = 'infra-test-group';
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await expect(
        admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }),
      ).resolves.toBe(true);
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);

      await producer.connect();
      const send = (from: number, count: number) =>
        producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: `v${from + i}` })),
        });
      await send(0, 10);

      // JoinGroup/SyncGroup/Heartbeat/Fetch/OffsetCommit through a consumer group.
      const first = await consume(kafka, groupId, topic, 10);
      expect(first).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`).sort());
      const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
      const total = committed.flatMap((t) => t.partitions).reduce((sum, p) => sum + Number(p.offset), 0);
      expect(total).toBe(10);

      // A restarted member of the same group resumes after the committed offsets.
      await send(10, 5);
      const second = await consume(kafka, groupId, topic, 5);
      expect(second).toEqual(['v10', 'v11', 'v12', 'v13', 'v14']);
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  }, 120_000);

  it('stops the broker and its process is gone', async () => {
    const pid = broker?.pid;
    expect(pid).toBeTypeOf('number');
    await broker?.stop();
    expect(isAlive(pid ?? 0)).toBe(false);
    expect(existsSync(join(dataDir, 'broker.pid'))).toBe(false);
    expect(await kafkaStatus(opts)).toMatchObject({ pidAlive: false, answering: false });
    await expect(stopKafka(opts)).resolves.toBeUndefined(); // safe when nothing runs
    broker = undefined;
  }, 60_000);
});
