// Integration test: a real Kafka broker from infra/kafka/pom.xml, driven with kafkajs the way
// the services use it (admin, idempotent producer, consumer group). Needs Java 17+ and, on
// the first run, Maven with access to Maven Central (the jars are then cached, see kafka.ts).
//
//   node_modules/.bin/vitest run infra/src/kafka.int.test.ts

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPlatformTopics } from '@relais/messaging';
import { kafkaStatus, startKafka, stopKafka } from './kafka.ts';
import { freePort } from './net.ts';
import type { KafkaBrokerOptions, RunningKafka } from './kafka.ts';

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

  it('once the platform topics are created on a fresh broker, consumers of new groups join and an idempotent producer connects with no error logged', async () => {
    // Before the coordinators were awaited, 7 consumers started here logged 14 errors (the
    // offsets topic being created and loaded) before they joined, and producers 1 each.
    await createPlatformTopics(broker?.brokers ?? [], 'fresh.');
    const errors: string[] = [];
    const client = new Kafka({
      clientId: 'infra-int-test-groups',
      brokers: broker?.brokers ?? [],
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }) => {
          if (level <= logLevel.ERROR) errors.push(`${log.message} ${String(log.error ?? '')}`);
        },
    });
    const consumers = ['placement', 'trial-period', 'income-continuity', 'committee', 'statistics'].map(
      (group) => client.consumer({ groupId: `fresh.${group}` }),
    );
    const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    try {
      await producer.connect();
      await Promise.all(
        consumers.map(async (consumer) => {
          const joined = new Promise<void>((resolve) =>
            consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
          );
          await consumer.connect();
          await consumer.subscribe({ topics: ['fresh.placement.events.v1'] });
          await consumer.run({ eachMessage: () => Promise.resolve() });
          await joined;
        }),
      );
    } finally {
      await Promise.all([producer.disconnect(), ...consumers.map((consumer) => consumer.disconnect())]);
    }
    expect(errors).toEqual([]);
  }, 120_000);

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
        admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: false }),
      ).resolves.toBe(true);
      // kafkajs's own `waitForLeaders` does not retry a fresh KRaft broker's "does not host this
      // topic-partition" (the flake tests/messaging/consumer-lag.int.test.ts had); ask again instead.
      await vi.waitFor(
        async () => {
          const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
          const partitions = metadata.topics[0]?.partitions ?? [];
          expect(partitions.filter((p) => p.leader >= 0)).toHaveLength(3);
        },
        { timeout: 30_000, interval: 100 },
      );

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

describe('a broker with an owner', () => {
  const dirs: string[] = [];
  const ownedOptions = async (): Promise<KafkaBrokerOptions> => {
    const dataDir = await mkdtemp(join(tmpdir(), 'relais-kafka-owned-'));
    dirs.push(dataDir);
    return { port: await freePort(), controllerPort: await freePort(), dataDir, heapMb: 384 };
  };
  /** Alive and not a zombie (an orphan's exit is reaped by whoever adopted it, in its own time). */
  const running = (pid: number): boolean => {
    if (!isAlive(pid)) return false;
    if (!existsSync('/proc/self/stat')) return true;
    try {
      const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
      return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
    } catch {
      return false; // gone between the two looks
    }
  };
  const gone = async (pid: number, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (running(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return !running(pid);
  };
  const readPidFile = async (path: string): Promise<number> =>
    Number.parseInt(await readFile(path, 'utf8'), 10);

  afterAll(async () => {
    for (const dataDir of dirs) {
      await stopKafka({ dataDir }).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is stopped, and its temporary data removed, once its owner is killed without a teardown', async () => {
    const opts = await ownedOptions();
    // The owner: a process that starts the broker, says its pid, and waits to be killed.
    const script = `
      import { startKafka } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'kafka.ts')).href)};
      const options = ${JSON.stringify(opts)};
      const kafka = await startKafka({ ...options, owner: { pid: process.pid, removeDataDir: true } });
      process.stdout.write(JSON.stringify({ broker: kafka.pid }) + '\\n');
      setInterval(() => {}, 60_000);
    `;
    const owner = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: owner.stdout }), 'line')) as [string];
    const { broker } = JSON.parse(line) as { broker: number };
    expect(running(broker)).toBe(true);
    const watchdog = await readPidFile(join(opts.dataDir ?? '', 'watchdog.pid'));
    expect(running(watchdog)).toBe(true);

    owner.kill('SIGKILL');
    await once(owner, 'exit');

    expect(await gone(broker, 45_000)).toBe(true);
    expect(await gone(watchdog, 5_000)).toBe(true);
    expect(existsSync(opts.dataDir ?? '')).toBe(false);
    expect(await kafkaStatus(opts)).toMatchObject({ pidAlive: false, answering: false });
  }, 120_000);

  it('lives while its owner does, and stopKafka ends its watchdog with it', async () => {
    const opts = await ownedOptions();
    const kafka = await startKafka({ ...opts, owner: { pid: process.pid } });
    const watchdog = await readPidFile(join(opts.dataDir ?? '', 'watchdog.pid'));
    // Past a few of the watchdog's looks at its owner.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(running(watchdog)).toBe(true);
    expect(await kafkaStatus(opts)).toMatchObject({ pidAlive: true, answering: true });

    await kafka.stop();
    expect(running(watchdog)).toBe(false);
    expect(running(kafka.pid ?? 0)).toBe(false);
    expect(existsSync(join(opts.dataDir ?? '', 'watchdog.pid'))).toBe(false);
    // Without removeDataDir, the data stays.
    expect(existsSync(join(opts.dataDir ?? '', 'data', 'meta.properties'))).toBe(true);
  }, 120_000);
});
