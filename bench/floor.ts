// The physical floor, measured in the same run as the chain: what one Kafka hop and one
// PostgreSQL commit cost on this machine right now, with nothing of ours around them.
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka, createPublisher, ensureTopics } from '@relais/messaging';
import pg from 'pg';
import pino from 'pino';
import { latency, type Latency } from './lib/stats.ts';

const FLOOR_TOPIC = { name: 'bench.floor.v1', partitions: 3, retentionMs: 3_600_000 };
const WARMUP_ROUND_TRIPS = 2000;

/**
 * Producer → broker → consumer round trip of one message at a time, with our clients exactly
 * as the services build them: `createKafka` + `createPublisher` (idempotent, acks=all, one
 * request in flight) and a consumer with the inbox consumer's settings (maxWaitTimeInMs 100,
 * minBytes 1 = the kafkajs default, session 10 s). A random pause of 0–10 ms before each counted send
 * keeps the samples from locking onto the consumer's fetch cycle.
 */
export const kafkaFloor = async (
  brokers: readonly string[],
  prefix: string,
  count: number,
): Promise<Latency> => {
  const kafka = createKafka({ brokers, clientId: 'relais-bench-floor', logger: pino({ level: 'warn' }) });
  const [topic = ''] = await ensureTopics(kafka, [FLOOR_TOPIC], prefix);
  const publisher = createPublisher(kafka);
  const consumer = kafka.consumer({
    groupId: `${prefix}bench-floor`,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  const waiting = new Map<string, (at: number) => void>();
  await publisher.connect();
  await consumer.connect();
  try {
    // A fresh topic read from its start: nothing sent before the group settles is missed.
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        waiting.get(message.key?.toString() ?? '')?.(performance.now());
        return Promise.resolve();
      },
    });
    const samples: number[] = [];
    // The first round trips wait for the group to form and warm the broker's and our JIT: not
    // counted, and sent without the pause. A fresh broker takes thousands of requests to reach
    // its pace: on 2026-12-07, three floors of 500 back to back after 20 such trips gave a p50 of
    // 2.74, 1.80 and 1.37 ms, and one after 1,500 more round trips 0.63 ms; the chain is measured
    // on a broker warmed by everything before it. Until then this floor, measured first, was up
    // to twice the client figure's round trip measured right after it, and the ratio to it low.
    for (let i = -WARMUP_ROUND_TRIPS; i < count; i++) {
      if (i >= 0) await sleep(Math.random() * 10);
      const key = `k${String(i)}`;
      const received = new Promise<number>((resolve) => waiting.set(key, resolve));
      const t0 = performance.now();
      await publisher.publish([{ topic, key, value: `{"n":${String(i)}}` }]);
      const t1 = await received;
      waiting.delete(key);
      if (i >= 0) samples.push(t1 - t0);
    }
    return latency(samples);
  } finally {
    await consumer.disconnect();
    await publisher.disconnect();
  }
};

/**
 * One small write transaction (BEGIN, one INSERT, COMMIT: three round trips and a WAL flush),
 * the unit of which the chain does two: recording the outcome, and the reopening.
 */
export const commitFloor = async (databaseUrl: string, count: number): Promise<Latency> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS bench_commit (id bigserial PRIMARY KEY, payload text NOT NULL)',
    );
    const samples: number[] = [];
    for (let i = -50; i < count; i++) {
      const t0 = performance.now();
      await client.query('BEGIN');
      await client.query('INSERT INTO bench_commit (payload) VALUES ($1)', [`row ${String(i)}`]);
      await client.query('COMMIT');
      if (i >= 0) samples.push(performance.now() - t0);
    }
    return latency(samples);
  } finally {
    await client.end();
  }
};
