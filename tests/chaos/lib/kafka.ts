import { setTimeout as sleep } from 'node:timers/promises';
import { findEventDefinition, topicName, type EventDefinition, type EventOf } from '@relais/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';

/** A quiet client for the scenario's own producing and watching. */
export const chaosKafka = (brokers: readonly string[]): Kafka =>
  new Kafka({
    clientId: 'relais-chaos',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
  });

/** When each event was acknowledged by the broker (the history's "publish" column). */
export type PublishHistory = Map<string, number>;

/**
 * A producer that keeps sending a batch until the broker acknowledges it, through broker
 * restarts (bounded by `timeoutMs`). A batch resent after a lost acknowledgement may land
 * twice on the topic: the same event ids, which consumers must absorb.
 */
export interface ReliableProducer {
  send(
    events: readonly EventOf<EventDefinition>[],
    keyOf: (event: EventOf<EventDefinition>) => string,
  ): Promise<void>;
  readonly history: PublishHistory;
  /** Batches sent again after a failure. */
  resends(): number;
  close(): Promise<void>;
}

/** Creates a {@link ReliableProducer} over `prefix`'s topics. */
export const reliableProducer = async (
  kafka: Kafka,
  prefix: string,
  options: { readonly timeoutMs?: number } = {},
): Promise<ReliableProducer> => {
  let producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const history: PublishHistory = new Map();
  let resends = 0;
  return {
    history,
    resends: () => resends,
    async send(events, keyOf) {
      const byTopic = new Map<string, { key: string; value: string }[]>();
      for (const event of events) {
        const definition = findEventDefinition(event.type, event.version);
        if (!definition) throw new Error(`no contract for ${event.type} v${String(event.version)}`);
        const topic = topicName(definition.topic, prefix);
        const list = byTopic.get(topic) ?? [];
        list.push({ key: keyOf(event), value: JSON.stringify(event) });
        byTopic.set(topic, list);
      }
      const deadline = Date.now() + (options.timeoutMs ?? 180000);
      for (let attempt = 1; ; attempt++) {
        try {
          await producer.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          });
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          resends += 1;
          await sleep(Math.min(2000, 100 * attempt));
          // A producer whose broker went away may be stuck on dead connections: take a new one.
          await producer.disconnect().catch(() => undefined);
          producer = kafka.producer({ allowAutoTopicCreation: false });
          await producer.connect().catch(() => undefined);
        }
      }
      const now = Date.now();
      for (const event of events) history.set(event.id, now);
    },
    async close() {
      await producer.disconnect().catch(() => undefined);
    },
  };
};

/** Messages currently on a topic (all partitions, high minus low watermark). */
export const messagesOn = async (kafka: Kafka, topic: string): Promise<number> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0);
  } finally {
    await admin.disconnect();
  }
};

/** How many messages of `topics` the group has not committed yet, summed over partitions. */
export const consumerLag = async (
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<number> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    let lag = 0;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const at = mine.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const from = at === '-1' ? BigInt(end.low) : BigInt(at);
        lag += Number(BigInt(end.high) - from);
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
};

/**
 * Waits until the group has committed every message of `topics` (and `alsoDone` holds, when
 * given), or `deadline` passes; resolves the lag left (0: caught up).
 */
export const lagWithin = async (
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  deadline: number,
  alsoDone: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<number> => {
  let lag = await consumerLag(kafka, groupId, topics);
  while ((lag > 0 || !(await alsoDone())) && Date.now() < deadline) {
    await sleep(250);
    lag = await consumerLag(kafka, groupId, topics);
  }
  return lag;
};

/** Seconds from `since` to now, to a tenth, when `lag` is 0; null when the group never caught up. */
export const recoveredAfter = (lag: number, since: number): number | null =>
  lag === 0 ? Math.round((Date.now() - since) / 100) / 10 : null;
