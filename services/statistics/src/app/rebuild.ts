import { topicName, type TopicSpec } from '@relais/contracts';
import { createKafka, decodeEvent, withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Consumer } from 'kafkajs';
import { carryOverFacts, storeFact } from '../db/facts.ts';
import {
  abandonGeneration,
  listGenerations,
  openGeneration,
  swapGeneration,
  type Generation,
} from '../db/generations.ts';
import { factOf } from '../domain/facts.ts';

/** The operator's rebuild of the read model from the earliest offsets of the topics. */
export interface Rebuilder {
  /** Opens a new generation and starts reading it from the beginning; refused while one is being built. */
  start(requestedBy: string, reason: string): Promise<Generation>;
  /** Gives up a generation left building by a stopped instance (called at start). */
  recover(): Promise<void>;
  stop(): Promise<void>;
}

// One rebuild at a time across instances: the instance that runs it holds this session lock.
const LOCK_KEY = 60_711;

/**
 * Builds a fresh generation of the read model from Kafka's history: a consumer group of its own
 * (`<prefix>statistics-rebuild-<n>`) reads every topic from its earliest offset into generation
 * n, while the live consumer keeps feeding both the active generation and n. Once it has read
 * every offset that was on the topics when it began, the facts older than what the topics still
 * hold (retention) are carried over from the active generation, n becomes the active generation,
 * the old one's rows are deleted and the group too. Messages it cannot read are skipped: the live
 * consumer parked them already (dead letters), and replaying them feeds the live generations.
 */
export const createRebuilder = (context: ServiceContext, topics: readonly TopicSpec[]): Rebuilder => {
  const { pool, platformPool, logger, config } = context;
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const names = topics.map((t) => topicName(t, prefix));
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'statistics-rebuild', logger });
  let consumer: Consumer | undefined;
  let running: Promise<void> | undefined;
  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });

  /**
   * What the topics hold as the rebuild begins: the last offset of each partition to read up to,
   * and the partitions whose oldest events the topics' retention (90 days, packages/contracts
   * topics.ts) has deleted — what they held before their first kept event is carried over from
   * the active generation rather than lost.
   */
  const topicsNow = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const target = new Map<string, number>();
      const truncated = new Set<string>();
      for (const topic of names)
        for (const p of await admin.fetchTopicOffsets(topic)) {
          const key = `${topic}:${String(p.partition)}`;
          if (Number(p.high) > Number(p.low)) target.set(key, Number(p.high) - 1);
          if (Number(p.low) > 0) truncated.add(key);
        }
      return { target, truncated };
    } finally {
      await admin.disconnect();
    }
  };

  /**
   * Carries over, CPAS by CPAS (row-level security), the active generation's facts that happened
   * before `before`: the latest first kept event of a truncated partition. Events of that time
   * still on other partitions were read again and stay as read (the copy skips them).
   */
  const carryOver = async (generation: number, before: string) => {
    const { rows } = await platformPool.query<{ tenant_id: string }>(
      `SELECT DISTINCT tenant_id FROM facts
       WHERE generation = (SELECT generation FROM read_model_generations WHERE status = 'active')`,
    );
    let facts = 0;
    for (const { tenant_id: tenant } of rows)
      facts += await withTenantTransaction(pool, tenant, (tx) => carryOverFacts(tx, generation, before));
    return facts;
  };

  /**
   * Deletes the rows of retired and abandoned generations, CPAS by CPAS (row-level security). Also
   * catches a live event whose transaction began just before a swap and so landed in the retired
   * generation too (the new one has it as well: it was being built then).
   */
  const dropInactive = async () => {
    const inactive = `generation IN (SELECT generation FROM read_model_generations WHERE status IN ('retired', 'abandoned'))`;
    const { rows } = await platformPool.query<{ tenant_id: string }>(
      `SELECT DISTINCT tenant_id FROM facts WHERE ${inactive}`,
    );
    for (const { tenant_id: tenant } of rows)
      await withTenantTransaction(pool, tenant, (tx) => tx.query(`DELETE FROM facts WHERE ${inactive}`));
  };

  const run = async (generation: Generation) => {
    const lock = await pool.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      const groupId =
        generation.consumerGroup ?? `${prefix}statistics-rebuild-${String(generation.generation)}`;
      const { target, truncated } = await topicsNow();
      // The first event still kept on each truncated partition: older ones are carried over.
      const firstKept = new Map<string, string>();
      const startedAt = new Date().toISOString();
      let read = 0;
      let done: () => void = () => undefined;
      const caughtUp = new Promise<void>((resolve) => {
        done = resolve;
      });
      const check = () => {
        if (target.size === 0) done();
      };
      consumer = kafka.consumer({ groupId, sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS });
      await consumer.connect();
      await consumer.subscribe({ topics: names, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const decoded = decodeEvent(message.value);
          const fact = decoded.ok ? factOf(decoded.envelope) : null;
          if (decoded.ok && fact)
            await withTenantTransaction(pool, decoded.envelope.tenantId, (tx) =>
              storeFact(tx, generation.generation, decoded.envelope.tenantId, fact),
            );
          read += 1;
          const key = `${topic}:${String(partition)}`;
          if (decoded.ok && truncated.has(key) && !firstKept.has(key))
            firstKept.set(key, decoded.envelope.occurredAt);
          if ((target.get(key) ?? Infinity) <= Number(message.offset)) target.delete(key);
          check();
        },
      });
      check();
      const outcome = await Promise.race([caughtUp.then(() => 'caught_up'), stopped.then(() => 'stopped')]);
      if (outcome === 'stopped')
        throw new Error('the service stopped before the rebuild caught up; ask again');
      await consumer.disconnect();
      consumer = undefined;
      // A truncated partition with nothing left on it lost everything before this rebuild began.
      const before =
        truncated.size === 0
          ? null
          : [...truncated].map((key) => firstKept.get(key) ?? startedAt).reduce((a, b) => (b > a ? b : a));
      const carried = before === null ? 0 : await carryOver(generation.generation, before);
      const retired = await swapGeneration(pool, generation.generation, read, { facts: carried, before });
      await dropInactive();
      const admin = kafka.admin();
      await admin.connect();
      await admin
        .deleteGroups([groupId])
        .catch((error: unknown) => logger.warn({ err: error }, 'rebuild group not deleted'));
      await admin.disconnect();
      logger.info(
        { generation: generation.generation, read, retired, carried, carriedBefore: before },
        'statistics read model rebuilt',
      );
    } catch (error) {
      logger.error({ err: error, generation: generation.generation }, 'statistics rebuild failed');
      await consumer?.disconnect().catch(() => undefined);
      consumer = undefined;
      await abandonGeneration(
        pool,
        generation.generation,
        error instanceof Error ? error.message : String(error),
      );
      await dropInactive();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
      lock.release();
    }
  };

  return {
    async start(requestedBy, reason) {
      const generation = await openGeneration(pool, `${prefix}statistics-rebuild-`, requestedBy, reason);
      if (!generation)
        throw new DomainError(
          'REBUILD_IN_PROGRESS',
          'conflict',
          'a rebuild of the read model is running already',
        );
      running = run(generation);
      return generation;
    },
    async recover() {
      const building = (await listGenerations(pool)).find((g) => g.status === 'building');
      if (!building) {
        await dropInactive();
        return;
      }
      const lock = await pool.connect();
      try {
        const { rows } = await lock.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1) AS free', [
          LOCK_KEY,
        ]);
        if (!rows[0]?.free) return;
        await abandonGeneration(pool, building.generation, 'the instance building it stopped; ask again');
        await dropInactive();
        await lock.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      } finally {
        lock.release();
      }
    },
    async stop() {
      stopRequested();
      await running;
    },
  };
};
