import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';

/** Options of {@link registerConsumerLag}. */
export interface ConsumerLagOptions {
  readonly registry: Registry;
  readonly groupId: string;
  readonly topics: readonly string[];
  /** The admin client to ask; undefined while the consumer is not started (nothing is reported then). */
  readonly admin: () => Admin | undefined;
  readonly logger: Logger;
  /** How long one reading of the broker serves scrapes (default 10 s). */
  readonly maxAgeMs?: number;
  /** How long a scrape waits for a fresh reading before it reports the last one (default 2 s). */
  readonly timeoutMs?: number;
}

/** The lag of one partition: messages written to it that the group has not committed yet. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/**
 * Lag per partition from where the log ends (`high`), where it starts (`low`, after retention)
 * and the group's committed offset (-1: none). With no commit, or one below `low`, the group
 * starts at `low` (it subscribes from the beginning), so everything from there is unread.
 */
export const partitionLag = (high: string, low: string, committed: string): number => {
  const start = BigInt(committed) < BigInt(low) ? BigInt(low) : BigInt(committed);
  const lag = BigInt(high) - start;
  return lag > 0n ? Number(lag) : 0;
};

/** Reads the lag of every partition of `topics` for `groupId` (two admin requests per topic set). */
export const readConsumerLag = async (
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionLag[]> => {
  const [ends, committed] = await Promise.all([
    Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) }))),
    admin.fetchOffsets({ groupId, topics: [...topics] }),
  ]);
  const committedOf = new Map(
    committed.flatMap(({ topic, partitions }) =>
      partitions.map((p) => [`${topic}:${String(p.partition)}`, p.offset] as const),
    ),
  );
  return ends.flatMap(({ topic, offsets }) =>
    offsets
      .map((p) => ({
        topic,
        partition: p.partition,
        lag: partitionLag(p.high, p.low, committedOf.get(`${topic}:${String(p.partition)}`) ?? '-1'),
      }))
      .sort((a, b) => a.partition - b.partition),
  );
};

/**
 * `relais_consumer_lag{group,topic,partition}`: messages on each partition the group has not
 * committed yet (log end minus committed offset), read from the broker at scrape time, so every
 * instance of a service reports the same. One reading serves scrapes for `maxAgeMs`, so
 * several scrapers (or instances) do not each hit the broker, and a scrape waits at most
 * `timeoutMs` for it: a slow or absent broker never makes `/metrics` slow or fail. A failed
 * reading keeps the last good one (a group coordinator moving answers NOT_COORDINATOR for a
 * moment, and an alert's `for:` should not start over for it) until that one is six times
 * `maxAgeMs` old: then no series rather than a stale number. Cardinality is the topics'
 * partitions (a handful per service).
 */
export const registerConsumerLag = (options: ConsumerLagOptions): void => {
  const { groupId, topics, logger } = options;
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 2000;
  let reading: { readonly at: number; readonly lags: readonly PartitionLag[] } | undefined;
  let inFlight: Promise<void> | undefined;

  const refresh = (admin: Admin): Promise<void> =>
    (inFlight ??= readConsumerLag(admin, groupId, topics)
      .then(
        (lags) => {
          reading = { at: Date.now(), lags };
        },
        (error: unknown) => {
          logger.warn({ err: error, groupId }, 'reading consumer lag failed');
        },
      )
      .finally(() => {
        inFlight = undefined;
      }));

  const waitAtMost = async (work: Promise<void>, ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  };

  new Gauge({
    name: 'relais_consumer_lag',
    help: 'Messages on each partition the consumer group has not committed yet (log end minus committed offset)',
    labelNames: ['group', 'topic', 'partition'],
    registers: [options.registry],
    async collect() {
      const admin = options.admin();
      if (admin && (!reading || Date.now() - reading.at > maxAgeMs))
        await waitAtMost(refresh(admin), timeoutMs);
      this.reset();
      if (!admin || !reading || Date.now() - reading.at > 6 * maxAgeMs) return;
      for (const { topic, partition, lag } of reading.lags)
        this.set({ group: groupId, topic, partition: String(partition) }, lag);
    },
  });
};
