import { ALL_TOPICS, topicName, type TopicSpec } from '@relais/contracts';
import { Kafka as KafkaClient, logLevel, type Admin, type Kafka } from 'kafkajs';
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

/** The topic of the groups' offsets: a group's coordinator is the leader of its partition. */
const OFFSETS_TOPIC = '__consumer_offsets';

/** Java's String.hashCode, by which Kafka places a group on a partition of {@link OFFSETS_TOPIC}. */
const javaHash = (text: string): number => {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
};

/** Group ids that land on every one of `partitions` partitions of the offsets topic, one each. */
const probeGroups = (partitions: number): string[] => {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < partitions; i++) {
    const id = `relais-coordinator-probe-${String(i)}`;
    const partition = (javaHash(id) & 0x7fffffff) % partitions;
    if (!byPartition.has(partition)) byPartition.set(partition, id);
  }
  return [...byPartition.values()];
};

/**
 * Waits until the broker coordinates consumer groups and gives idempotent producers their ids: on
 * a fresh broker the offsets topic is created by the first group that asks, the transaction state
 * topic by the first producer, and each partition loads before it can answer. Consumers and
 * producers started in that window fail, log it as errors (with stack traces for consumers: 16
 * lines for 7 groups and 2 producers, measured on a fresh broker, 2026-12-06) and retry. Asks
 * about one probe group per partition of the offsets topic, then connects an idempotent producer,
 * until all answer (610–780 ms on a fresh broker, 126–134 ms after). Never throws: past `timeoutMs`
 * the services are left to retry as they would anyway. Says whether it got there.
 */
export const awaitCoordinators = async (brokers: readonly string[], timeoutMs = 30000): Promise<boolean> => {
  // Its own silent client: "not yet" is the expected answer here, not an error to log.
  const kafka = new KafkaClient({
    clientId: 'relais-infra-coordinators',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  const deadline = Date.now() + timeoutMs;
  /** Tries `answered` every 100 ms until it says yes; a failure is a "not yet". False past the deadline. */
  const until = async (answered: () => Promise<boolean>): Promise<boolean> => {
    for (;;) {
      if (await answered().catch(() => false)) return true;
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
  };
  /** Whether every group has its coordinator (kafkajs gives each one's error code, which its types omit, and throws on some). */
  const coordinated = async (groups: string[]) =>
    (await admin.describeGroups(groups)).groups.every(
      (g) => ((g as { errorCode?: number }).errorCode ?? 0) === 0,
    );
  try {
    await admin.connect();
    // One group first, which creates the offsets topic if need be; then one per partition of it.
    if (!(await until(() => coordinated(['relais-coordinator-probe'])))) return false;
    let probes: string[] | undefined;
    const probesOfOffsetsTopic = async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [OFFSETS_TOPIC] });
      return probeGroups(Math.max(1, topics[0]?.partitions.length ?? 1));
    };
    if (!(await until(async () => coordinated((probes ??= await probesOfOffsetsTopic()))))) return false;
    // An idempotent producer's id comes from the transaction coordinator (connect asks for it).
    return await until(async () => {
      // kafkajs refuses an idempotent producer without retries.
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: 1, initialRetryTime: 50 },
      });
      try {
        await producer.connect();
        return true;
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    });
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
};

/** The broker lists whose coordinators answered in this process (see createPlatformTopics). */
const coordinatorsReady = new Set<string>();

/**
 * Creates every platform topic (from the contracts package) under a prefix, then waits until the
 * broker coordinates consumer groups and idempotent producers (see {@link awaitCoordinators}).
 */
export const createPlatformTopics = async (brokers: readonly string[], prefix = ''): Promise<string[]> => {
  const names = await ensureTopics(
    createKafka({ brokers, clientId: 'relais-infra', logger: pino({ level: 'warn' }) }),
    ALL_TOPICS,
    prefix,
  );
  // Once per process and brokers: the test harness creates topics under a new prefix for each
  // suite, and a broker that answered keeps its coordinators loaded.
  const key = [...brokers].sort().join(',');
  if (!coordinatorsReady.has(key) && (await awaitCoordinators(brokers))) coordinatorsReady.add(key);
  return names;
};
