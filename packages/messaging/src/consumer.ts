import type { EventDefinition, EventOf } from '@relais/contracts';
import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { decodeEvent } from './decode.ts';
import type { Publisher } from './kafka.ts';
import { withTenantTransaction, type Tx } from './transaction.ts';

/** What a handler gets besides the event: a logger carrying the correlation id. */
export interface HandlerContext {
  readonly logger: Logger;
}

/** Maps one event version to a use case; no business rules here. */
export interface EventHandler {
  readonly event: EventDefinition;
  readonly handle: (tx: Tx, event: EventOf<EventDefinition>, context: HandlerContext) => Promise<void>;
}

/** Declares a handler with the event's data typed from its contract. */
export const on = <D extends EventDefinition>(
  event: D,
  handle: (tx: Tx, event: EventOf<D>, context: HandlerContext) => Promise<void>,
): EventHandler => ({ event, handle: handle as EventHandler['handle'] });

/** Options of an inbox consumer. */
export interface InboxConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic: string;
  readonly pool: Pool;
  readonly publisher: Publisher;
  readonly handlers: readonly EventHandler[];
  readonly logger: Logger;
  readonly registry?: Registry;
  /** Errors that will fail again on every attempt (a rejected command): parked, not retried. */
  readonly isPermanentError?: (error: unknown) => boolean;
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Group session timeout (default 10 s): how long a crashed member blocks its partitions. */
  readonly sessionTimeoutMs?: number;
  /**
   * Partitions handled at once (default 1). Order still holds per key: one partition's messages
   * are handled one after the other; handlers serialise per person where events of one person
   * come from several topics.
   */
  readonly partitionsConcurrency?: number;
  /** Runs after the handler, in its transaction, for every applied event (the service's audit log). */
  readonly afterApply?: (tx: Tx, event: EventOf<EventDefinition>) => Promise<void>;
}

/** A running consumer group member that applies each event at most once, in its key's order. */
export interface InboxConsumer {
  start(): Promise<void>;
  /** Stops fetching, lets the message in hand finish, commits offsets and leaves the group. */
  stop(): Promise<void>;
}

type Outcome = 'applied' | 'duplicate' | 'skipped' | 'dead_lettered';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/**
 * Creates a consumer whose every message is validated, applied in one transaction together
 * with its inbox row (so a redelivery has no second effect), and whose offset is committed
 * only after that commit. Unreadable or rejected messages go to the dead-letter topic with
 * the reason; transient failures are retried in place with capped exponential backoff, so
 * one person's events never overtake each other.
 */
export const createInboxConsumer = (options: InboxConsumerOptions): InboxConsumer => {
  const { pool, publisher, deadLetterTopic, groupId } = options;
  const logger = options.logger.child({ component: 'inbox-consumer', groupId });
  const handlers = new Map(options.handlers.map((h) => [`${h.event.type}@${String(h.event.version)}`, h]));
  const isPermanent = options.isPermanentError ?? (() => false);
  const initialMs = options.retry?.initialMs ?? 100;
  const maxMs = options.retry?.maxMs ?? 5000;
  const counter = options.registry
    ? new Counter({
        name: 'relais_consumer_events_total',
        help: 'Consumed events by outcome',
        labelNames: ['group', 'type', 'outcome'],
        registers: [options.registry],
      })
    : undefined;
  let consumer: Consumer | undefined;
  let stopping = false;

  const count = (type: string, outcome: Outcome) => counter?.inc({ group: groupId, type, outcome });

  /** Retries `work` until it succeeds, it fails permanently, or the consumer stops. */
  const untilDone = async <T>(
    what: string,
    work: () => Promise<T>,
    heartbeat: () => Promise<void>,
    log: Logger,
  ): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (isPermanent(error) || stopping) throw error;
        const delay = Math.min(maxMs, initialMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        log.warn({ err: error, attempt, retryInMs: Math.round(delay) }, `${what} failed; retrying`);
        await sleep(delay);
        await heartbeat().catch(() => undefined);
      }
    }
  };

  const deadLetter = async (
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
    detail: unknown,
    heartbeat: () => Promise<void>,
    log: Logger,
  ) => {
    const headers: Record<string, string> = {};
    for (const name of Object.keys(message.headers ?? {})) {
      const text = headerText(message.headers, name);
      if (text !== undefined) headers[name] = text;
    }
    await untilDone(
      'dead-lettering',
      () =>
        publisher.publish([
          {
            topic: deadLetterTopic,
            key: message.key?.toString() ?? '',
            value: message.value,
            headers: {
              ...headers,
              'dlq-reason': reason,
              'dlq-detail': JSON.stringify(detail ?? null).slice(0, 4000),
              'dlq-source-topic': topic,
              'dlq-source-partition': String(partition),
              'dlq-source-offset': message.offset,
              'dlq-consumer-group': groupId,
              'dlq-failed-at': new Date().toISOString(),
            },
          },
        ]),
      heartbeat,
      log,
    );
    log.warn({ reason, topic, partition, offset: message.offset }, 'message sent to the dead-letter topic');
  };

  const processMessage = async (
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ) => {
    const decoded = decodeEvent(message.value);
    if (!decoded.ok) {
      const log = logger.child({ correlationId: headerText(message.headers, 'correlation-id') });
      await deadLetter(topic, partition, message, decoded.reason, decoded.detail, heartbeat, log);
      count('unknown', 'dead_lettered');
      return;
    }
    const { envelope } = decoded;
    const log = logger.child({
      correlationId: envelope.correlationId,
      eventId: envelope.id,
      eventType: envelope.type,
    });
    const handler = handlers.get(`${envelope.type}@${String(envelope.version)}`);
    if (!handler) {
      count(envelope.type, 'skipped');
      return;
    }
    try {
      const outcome = await untilDone(
        `handling ${envelope.type}`,
        () =>
          withTenantTransaction(pool, envelope.tenantId, async (tx): Promise<Outcome> => {
            const inserted = await tx.query(
              `INSERT INTO inbox (event_id, tenant_id, event_type, topic, kafka_partition, kafka_offset)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
              [envelope.id, envelope.tenantId, envelope.type, topic, partition, message.offset],
            );
            if (inserted.rowCount === 0) return 'duplicate';
            await handler.handle(tx, envelope, { logger: log });
            await options.afterApply?.(tx, envelope);
            return 'applied';
          }),
        heartbeat,
        log,
      );
      count(envelope.type, outcome);
      log.info({ outcome }, 'event consumed');
    } catch (error) {
      if (!isPermanent(error)) throw error;
      const code = (error as { code?: unknown }).code;
      await deadLetter(
        topic,
        partition,
        message,
        'rejected_by_handler',
        { code, message: (error as Error).message },
        heartbeat,
        log,
      );
      count(envelope.type, 'dead_lettered');
    }
  };

  return {
    async start() {
      stopping = false;
      consumer = options.kafka.consumer({
        groupId,
        sessionTimeout: options.sessionTimeoutMs ?? 10000,
        heartbeatInterval: Math.floor((options.sessionTimeoutMs ?? 10000) / 10),
        // kafkajs waits up to 5 s for data by default; the chain's latency target is milliseconds.
        maxWaitTimeInMs: 100,
        allowAutoTopicCreation: false,
      });
      await consumer.connect();
      // A group with no committed offset starts at the earliest event: duplicates are absorbed, loss is not.
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
      await consumer.run({
        autoCommitInterval: 500,
        partitionsConsumedConcurrently: options.partitionsConcurrency ?? 1,
        eachMessage: async (payload) => {
          await processMessage(payload.topic, payload.partition, payload.message, () => payload.heartbeat());
        },
      });
    },
    async stop() {
      stopping = true;
      await consumer?.disconnect();
      consumer = undefined;
    },
  };
};
