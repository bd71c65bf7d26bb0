import {
  compatibilityPartitioner,
  Consumer,
  ProduceAcks,
  Producer,
  stringDeserializer,
  stringSerializer,
  type RetryDelayGetter,
} from '@platformatic/kafka';
import type { KafkaSettings, OutgoingMessage, Publisher } from './kafka.ts';

type Value = OutgoingMessage['value'];

// The same bounded, growing backoff as our kafkajs client (initial 100 ms, 8 retries): bounded
// so a relay's stop() cannot hang on a dead broker. The library's default is 1 s flat, 3 retries.
const RETRIES = 8;
const backoff: RetryDelayGetter = (_client, _operation, attempt) =>
  Math.min(100 * 2 ** (attempt - 1), 5000) * (0.8 + Math.random() * 0.4);

const valueSerializer = (value?: Value): Buffer | undefined =>
  value === null || value === undefined ? undefined : typeof value === 'string' ? Buffer.from(value) : value;

/**
 * A {@link Publisher} on `@platformatic/kafka` with the guarantees of `createPublisher`: an
 * idempotent producer (the library then forces acks=all and one request in flight per
 * connection, and we also set both explicitly), no automatic topic creation, keys placed by
 * the Java client's murmur2 (`compatibilityPartitioner`: the library's default partitioner
 * keeps the sign bit and would move some keys to other partitions than kafkajs puts them on,
 * breaking per-key order across a switch of client). Publishes are chained so a second call
 * never overtakes the first, as kafkajs' single in-flight request ensures.
 */
export const createPlatformaticPublisher = ({ brokers, clientId, logger }: KafkaSettings): Publisher => {
  const log = logger.child({ component: 'platformatic-kafka' });
  const producer = new Producer<string, Value, string, string>({
    clientId,
    bootstrapBrokers: [...brokers],
    idempotent: true,
    acks: ProduceAcks.ALL,
    maxInflights: 1,
    autocreateTopics: false,
    partitioner: compatibilityPartitioner,
    connectTimeout: 3000,
    requestTimeout: 10000,
    retries: RETRIES,
    retryDelay: backoff,
    serializers: {
      key: stringSerializer,
      value: valueSerializer,
      headerKey: stringSerializer,
      headerValue: stringSerializer,
    },
  });
  producer.on('client:broker:failed', (payload) => log.warn({ broker: payload.broker }, 'broker failed'));
  let tail: Promise<unknown> = Promise.resolve();
  return {
    async connect() {
      // The library connects lazily; asking for the producer id now fails fast on an unreachable broker.
      const { producerId } = await producer.initIdempotentProducer({});
      log.info({ producerId: String(producerId) }, 'idempotent producer ready (@platformatic/kafka)');
    },
    async disconnect() {
      await tail.catch(() => undefined);
      await producer.close();
    },
    publish(messages) {
      if (messages.length === 0) return Promise.resolve();
      const send = async () => {
        await producer.send({
          acks: ProduceAcks.ALL,
          messages: messages.map((m) => ({
            topic: m.topic,
            key: m.key,
            value: m.value,
            headers: { ...m.headers },
          })),
        });
      };
      const sent = tail.then(send, send);
      tail = sent.catch(() => undefined);
      return sent;
    },
  };
};

// The library's string deserializer turns a null key or value (a tombstone) into undefined
// while typing it string; null says what Kafka holds.
const nullableString = (data?: Buffer | null): string | null => (data ? data.toString() : null);

/** A message as the round-trip helper hands it over. */
export interface ReceivedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** A running {@link consumeWithPlatformatic} subscription. */
export interface PlatformaticSubscription {
  /** Leaves the group and closes the connections. */
  stop(): Promise<void>;
}

/**
 * A minimal group consumer on `@platformatic/kafka` with the inbox consumer's fetch settings —
 * the committed offset, else the earliest (kafkajs `fromBeginning: true`), fetches that return
 * after at most 100 ms or as soon as 1 byte is there, a 10 s session — for round-trip tests and
 * the benchmark. Not the inbox consumer: services still consume with kafkajs.
 */
export const consumeWithPlatformatic = async (options: {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly onMessage: (message: ReceivedMessage) => void;
}): Promise<PlatformaticSubscription> => {
  const consumer = new Consumer({
    clientId: options.clientId,
    groupId: options.groupId,
    bootstrapBrokers: [...options.brokers],
    deserializers: {
      key: nullableString,
      value: nullableString,
      headerKey: stringDeserializer,
      headerValue: stringDeserializer,
    },
    connectTimeout: 3000,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
  });
  const stream = await consumer.consume({
    topics: [...options.topics],
    mode: 'committed',
    fallbackMode: 'earliest',
    maxWaitTime: 100,
    minBytes: 1,
    autocommit: true,
  });
  stream.on('data', (m) => {
    options.onMessage({
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      key: m.key,
      value: m.value,
      headers: Object.fromEntries(m.headers),
    });
  });
  return {
    async stop() {
      await stream.close();
      await consumer.close();
    },
  };
};
