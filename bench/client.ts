// Issue 10's `client` figure: what the Kafka client costs. kafkajs (the default, no release
// since 2.2.4) against @platformatic/kafka behind the same `Publisher`, on the bare round trip
// and on the chain with trial-period's relay publishing through each.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createKafka, createPublisher, ensureTopics, type Publisher } from '@relais/messaging';
import { consumeWithPlatformatic, createPlatformaticPublisher } from '@relais/messaging/platformatic';
import pino from 'pino';
import { measure, prepareTrials, steady, type ChainFigure, type ChainTarget } from './e2e.ts';
import { ROOT, serviceEntry, startProcess, type BenchProcess } from './lib/stack.ts';
import { latency, type Latency } from './lib/stats.ts';

/** The clients compared, as `KAFKA_CLIENT` names them. */
export const CLIENTS = ['kafkajs', 'platformatic'] as const;
/** One of {@link CLIENTS}. */
export type ClientName = (typeof CLIENTS)[number];

const PACKAGES: Record<ClientName, string> = { kafkajs: 'kafkajs', platformatic: '@platformatic/kafka' };

/** What one client costs, and what can be seen of its upkeep. */
export interface ClientFigure {
  readonly package: string;
  readonly version: string;
  /** Latest version and its date as the npm registry answered (null when it did not). */
  readonly registry: { readonly latest: string; readonly latestPublished: string | null } | null;
  /** Its producer → broker → its consumer, one message at a time (bench/floor.ts's pacing). */
  readonly roundTrip: Latency;
  /** trial ended → income reopened with trial-period's relay on this client (null if not run). */
  readonly e2e: ChainFigure | null;
}

/** The `client` section of the results. */
export interface ClientFigures {
  readonly kafkajs: ClientFigure;
  readonly platformatic: ClientFigure & {
    /** Platformatic producer → kafkajs consumer: what `KAFKA_CLIENT=platformatic` runs. */
    readonly roundTripToKafkajsConsumer: Latency;
  };
  readonly note: string;
}

/** One sample: publish a keyed message, resolve with the milliseconds until it was consumed. */
type Pipeline = { readonly sample: (i: number) => Promise<number>; readonly stop: () => Promise<void> };

const pipeline = async (
  publisher: Publisher,
  topic: string,
  subscribe: (onKey: (key: string) => void) => Promise<() => Promise<void>>,
): Promise<Pipeline> => {
  const waiting = new Map<string, (at: number) => void>();
  await publisher.connect();
  const unsubscribe = await subscribe((key) => waiting.get(key)?.(performance.now()));
  return {
    async sample(i) {
      const key = `k${String(i)}`;
      const received = new Promise<number>((resolve) => waiting.set(key, resolve));
      const t0 = performance.now();
      await publisher.publish([{ topic, key, value: `{"n":${String(i)}}` }]);
      const t1 = await received;
      waiting.delete(key);
      return t1 - t0;
    },
    async stop() {
      await unsubscribe();
      await publisher.disconnect();
    },
  };
};

const kafkajsConsumer =
  (brokers: readonly string[], groupId: string, topic: string) => async (onKey: (key: string) => void) => {
    const kafka = createKafka({ brokers, clientId: 'relais-bench-client', logger: pino({ level: 'warn' }) });
    // The inbox consumer's settings, as bench/floor.ts uses them.
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        onKey(message.key?.toString() ?? '');
        return Promise.resolve();
      },
    });
    return () => consumer.disconnect();
  };

const platformaticConsumer =
  (brokers: readonly string[], groupId: string, topic: string) => async (onKey: (key: string) => void) => {
    const subscription = await consumeWithPlatformatic({
      brokers,
      clientId: 'relais-bench-client',
      groupId,
      topics: [topic],
      onMessage: (m) => onKey(m.key ?? ''),
    });
    return () => subscription.stop();
  };

/**
 * The bare round trip with each client, and the mixed pair services run under
 * KAFKA_CLIENT=platformatic. Each pipeline has its own topic and group; they take turns in
 * rounds of 50 so a change of load on a busy machine falls on all three alike.
 */
export const clientRoundTrips = async (
  brokers: readonly string[],
  prefix: string,
  count: number,
): Promise<Record<'kafkajs' | 'platformatic' | 'platformaticToKafkajs', Latency>> => {
  const names = ['kafkajs', 'platformatic', 'platformaticToKafkajs'] as const;
  const kafka = createKafka({ brokers, clientId: 'relais-bench-client', logger: pino({ level: 'warn' }) });
  const topics = await ensureTopics(
    kafka,
    names.map((n) => ({ name: `bench.client-${n.toLowerCase()}.v1`, partitions: 3, retentionMs: 3_600_000 })),
    prefix,
  );
  const settings = { brokers, clientId: 'relais-bench-client', logger: pino({ level: 'warn' }) };
  const group = (n: string) => `${prefix}bench-client-${n}`;
  const [t0 = '', t1 = '', t2 = ''] = topics;
  const pipelines = [
    await pipeline(createPublisher(kafka), t0, kafkajsConsumer(brokers, group(names[0]), t0)),
    await pipeline(
      createPlatformaticPublisher(settings),
      t1,
      platformaticConsumer(brokers, group(names[1]), t1),
    ),
    await pipeline(createPlatformaticPublisher(settings), t2, kafkajsConsumer(brokers, group(names[2]), t2)),
  ];
  const samples: number[][] = names.map(() => []);
  try {
    // The first 20 of each wait for the group to form and warm the JIT: not counted.
    for (let start = -20; start < count; start += start < 0 ? 20 : 50) {
      for (const [p, run] of pipelines.entries()) {
        for (let i = start; i < Math.min(count, start < 0 ? 0 : start + 50); i++) {
          await sleep(Math.random() * 10);
          const ms = await run.sample(i);
          if (i >= 0) samples[p]?.push(ms);
        }
      }
    }
  } finally {
    for (const run of pipelines) await run.stop();
  }
  const [kafkajs = [], platformatic = [], mixed = []] = samples;
  return {
    kafkajs: latency(kafkajs),
    platformatic: latency(platformatic),
    platformaticToKafkajs: latency(mixed),
  };
};

/** Where the chain runs, and what restarting trial-period needs. */
export interface ClientChain {
  readonly target: ChainTarget;
  readonly redisUrl: string;
  readonly logDir: string;
  /** The running trial-period: stopped first, since one relay per outbox is what production runs. */
  readonly trialPeriod: BenchProcess;
  readonly warmup: number;
  readonly steady: number;
  readonly perSec: number;
  /** PostgreSQL − Node clock offset, measured by the main run. */
  readonly clock: { readonly offsetMs: number };
}

/**
 * The steady e2e figure with trial-period's relay publishing through each client in turn
 * (trial-period restarted with KAFKA_CLIENT; its consumer stays kafkajs, as do the others).
 */
export const clientE2e = async (c: ClientChain): Promise<Record<ClientName, ChainFigure>> => {
  await c.trialPeriod.stop();
  const figures: Partial<Record<ClientName, ChainFigure>> = {};
  // platformatic first: kafkajs then runs on the warmer database, a bias against the newcomer's rival.
  for (const client of ['platformatic', 'kafkajs'] as const) {
    const service = await startProcess({
      name: `trial-period-${client}`,
      entry: serviceEntry('trial-period'),
      logDir: c.logDir,
      env: {
        DATABASE_URL: c.target.trialPeriodDb,
        REDIS_URL: c.redisUrl,
        KAFKA_BROKERS: c.target.brokers.join(','),
        KAFKA_TOPIC_PREFIX: c.target.prefix,
        KAFKA_CLIENT: client,
        LOG_LEVEL: 'info',
      },
    });
    try {
      const target = { ...c.target, trialPeriodUrl: service.url };
      const trials = await prepareTrials(target, c.warmup + c.steady);
      await measure(target, await steady(target, trials.slice(0, c.warmup), c.perSec), c.clock, c.perSec);
      const sent = await steady(target, trials.slice(c.warmup), c.perSec);
      figures[client] = await measure(target, sent, c.clock, c.perSec);
    } finally {
      await service.stop();
    }
  }
  const { kafkajs, platformatic } = figures;
  if (!kafkajs || !platformatic) throw new Error('a client e2e figure is missing');
  return { kafkajs, platformatic };
};

const run = promisify(execFile);

/** The installed version, and the registry's latest and its date (`npm view`; null offline). */
export const clientVersions = async (
  client: ClientName,
): Promise<Pick<ClientFigure, 'package' | 'version' | 'registry'>> => {
  const name = PACKAGES[client];
  const installed = JSON.parse(await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string;
  };
  const registry = await run('npm', ['view', name, 'time', 'dist-tags', '--json'], { timeout: 30000 })
    .then(({ stdout }) => {
      const view = JSON.parse(stdout) as { time?: Record<string, string>; 'dist-tags'?: { latest?: string } };
      const latest = view['dist-tags']?.latest ?? '';
      return { latest, latestPublished: view.time?.[latest] ?? null };
    })
    .catch(() => null);
  return { package: name, version: installed.version, registry };
};

/** The `client` section from the round trips and (when run) the chain with each client. */
export const clientFigures = async (
  trips: Awaited<ReturnType<typeof clientRoundTrips>>,
  chains: Record<ClientName, ChainFigure> | null,
): Promise<ClientFigures> => ({
  kafkajs: { ...(await clientVersions('kafkajs')), roundTrip: trips.kafkajs, e2e: chains?.kafkajs ?? null },
  platformatic: {
    ...(await clientVersions('platformatic')),
    roundTrip: trips.platformatic,
    roundTripToKafkajsConsumer: trips.platformaticToKafkajs,
    e2e: chains?.platformatic ?? null,
  },
  note:
    'Round trips: producer and consumer of each client with our settings (idempotent, acks=all, one request ' +
    'in flight; group, earliest, max wait 100 ms, min bytes 1), taking turns in rounds of 50. e2e: steady ' +
    'rate with trial-period restarted on KAFKA_CLIENT=platformatic, then on kafkajs (consumers stay kafkajs; ' +
    `${chains ? 'measured after the main e2e and the API run' : 'not run: --no-client-e2e'}). ` +
    'Registry dates are what the configured npm registry answers.',
});
