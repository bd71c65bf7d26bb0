import { topicName, type TopicSpec } from '@relais/contracts';
import { createKafka, decodeEvent, withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Consumer } from 'kafkajs';
import { storeFact } from '../db/facts.ts';
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
 * every offset that was on the topics when it began, n becomes the active generation, the old
 * one's rows are deleted and the group too. Messages it cannot read are skipped: the live
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

  const targets = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const target = new Map<string, number>();
      for (const topic of names)
        for (const p of await admin.fetchTopicOffsets(topic))
          if (Number(p.high) > Number(p.low))
            target.set(`${topic}:${String(p.partition)}`, Number(p.high) - 1);
      return target;
    } finally {
      await admin.disconnect();
    }
  };

  /**
   * Topics keep 90 days (packages/contracts topics.ts): once retention deleted the start of a
   * partition, a rebuild would lose every fact older than that and then delete the generation that
   * still holds them. Refused until the history is kept for good (compacted or archived topics).
   */
  const historyComplete = async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of names)
        for (const p of await admin.fetchTopicOffsets(topic)) if (Number(p.low) > 0) return false;
      return true;
    } finally {
      await admin.disconnect();
    }
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
      const target = await targets();
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
      const retired = await swapGeneration(pool, generation.generation, read);
      await dropInactive();
      const admin = kafka.admin();
      await admin.connect();
      await admin
        .deleteGroups([groupId])
        .catch((error: unknown) => logger.warn({ err: error }, 'rebuild group not deleted'));
      await admin.disconnect();
      logger.info({ generation: generation.generation, read, retired }, 'statistics read model rebuilt');
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
      if (!(await historyComplete()))
        throw new DomainError(
          'HISTORY_INCOMPLETE',
          'conflict',
          'the topics no longer hold every event (retention): a rebuild would lose the older figures',
        );
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
