// Replay: a fresh income-continuity (empty database, new consumer group) re-reads stored
// events from the earliest offset, with its inbox, its effects and its own outbox, as after
// a restore or when a new instance of a projection is built.
import { setTimeout as sleep } from 'node:timers/promises';
import { buildEvent, PlacementStartedV1, topicName, TOPICS, TrialEndedV1 } from '@relais/contracts';
import { AWAITING_PRECEDING_EVENT, readConsumerLag } from '@relais/messaging';
import { createTestDatabase, createTopics, testKafka, uniquePrefix } from '@relais/testing';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { replayRowsFloor, type RowsFloorFigure } from './replay-rows.ts';
import { cpuNow, cpuSince, postgresCpu, processCpu, type CpuSources } from './lib/cpu.ts';
import { serviceEntry, startProcess } from './lib/stack.ts';
import { fixed, wallMs } from './lib/stats.ts';

/** What the replay measured. */
export interface ReplayFigure {
  readonly eventsPerSec: number;
  readonly events: number;
  readonly consumed: number;
  /** From the first inbox row to the last (the consumer's own pace, group join excluded). */
  readonly seconds: number;
  /** From spawning the process to the last inbox row (start, migrations and group join included). */
  readonly wallSeconds: number;
  readonly complete: boolean;
  /**
   * Trial ends read before their PlacementStarted (the two topics are read side by side, so one
   * runs ahead): each was set aside and applied once its start was there, at about twice the
   * cost of an event applied at once. It varies from run to run (0 to 46 % of the trial ends
   * seen on 2026-12-06), and the rate with it.
   */
  readonly setAside: number;
  /**
   * CPU µs per event consumed, from the service's readiness to the last event counted: the
   * service, PostgreSQL (all its processes) and the broker, which share this machine's cores.
   */
  readonly cpuUsPerEvent: Record<string, number>;
  /** The same rows written set-based, after the replay (see replay-rows.ts); empty if it did not complete. */
  readonly rowsFloor: readonly RowsFloorFigure[];
}

/** n/2 PlacementStarted and n/2 TrialEnded, one pair per person, keyed by the person as our services key them. */
const produce = async (brokers: readonly string[], prefix: string, tenantId: string, n: number) => {
  const producer = testKafka(brokers).producer();
  await producer.connect();
  try {
    const envelope = { occurredAt: new Date().toISOString(), tenantId, causationId: null };
    for (let done = 0; done < n / 2; done += 1000) {
      const started: { key: string; value: string }[] = [];
      const ended: { key: string; value: string }[] = [];
      for (let i = done; i < Math.min(n / 2, done + 1000); i++) {
        const personId = uuidv7();
        const placementId = uuidv7();
        const startDate = '2026-01-05';
        const correlationId = uuidv7();
        const s = buildEvent(PlacementStartedV1, {
          ...envelope,
          id: uuidv7(),
          aggregateId: placementId,
          correlationId,
          data: { placementId, personId, hostEmployerId: uuidv7(), startDate },
        });
        const trialPeriodId = uuidv7();
        const e = buildEvent(TrialEndedV1, {
          ...envelope,
          id: uuidv7(),
          aggregateId: trialPeriodId,
          correlationId,
          data: {
            trialPeriodId,
            placementId,
            personId,
            placementStartDate: startDate,
            outcome: 'not_conclusive',
            lastWorkedDay: '2026-01-20',
            reasonCode: 'tasks_not_matching_skills',
            initiatedBy: 'host',
          },
        });
        started.push({ key: personId, value: JSON.stringify(s) });
        ended.push({ key: personId, value: JSON.stringify(e) });
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          { topic: topicName(TOPICS.placement, prefix), messages: started },
          { topic: topicName(TOPICS.trialPeriod, prefix), messages: ended },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }
};

/** Produces `n` events to a fresh prefix, then replays them through a fresh income-continuity. */
export const replay = async (options: {
  readonly brokers: readonly string[];
  /** The broker's process, when this run started it (its CPU is then reported too). */
  readonly kafkaPid?: number;
  readonly postgresUrl: string;
  readonly redisUrl: string;
  readonly tenantId: string;
  readonly logDir: string;
  readonly events: number;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}): Promise<ReplayFigure> => {
  const prefix = uniquePrefix('bench-replay');
  await createTopics(options.brokers, prefix);
  options.log(`producing ${String(options.events)} events to ${prefix}*`);
  await produce(options.brokers, prefix, options.tenantId, options.events);
  const database = await createTestDatabase(options.postgresUrl, 'bench_replay');
  const client = new pg.Client({ connectionString: database.url });
  // Closed before the floor copies the database (a copy needs its source without connections).
  let connected = true;
  try {
    const spawnedAt = wallMs();
    const service = await startProcess({
      name: 'income-continuity-replay',
      entry: serviceEntry('income-continuity'),
      logDir: options.logDir,
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: options.redisUrl,
        KAFKA_BROKERS: options.brokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'info',
      },
    });
    await client.connect();
    const count = async () =>
      (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox')).rows[0]?.n ?? 0;
    const { kafkaPid } = options;
    const sources: CpuSources = {
      incomeContinuity: processCpu(service.pid),
      postgres: postgresCpu,
      ...(kafkaPid === undefined ? {} : { kafka: processCpu(kafkaPid) }),
    };
    const cpuAtReady = await cpuNow(sources);
    let cpuUsPerEvent: Record<string, number> = {};
    // Progress is read from the group's committed offsets, not by counting the inbox: a count(*)
    // of up to 100,000 rows twice a second was PostgreSQL work inside the figure it measures.
    // The group commits an offset once its event is applied or set aside; the set-aside ones
    // are then waited for in the inbox.
    const admin = testKafka(options.brokers).admin();
    await admin.connect();
    const topics = [topicName(TOPICS.placement, prefix), topicName(TOPICS.trialPeriod, prefix)];
    const unread = async () =>
      (await readConsumerLag(admin, `${prefix}income-continuity`, topics)).reduce((n, p) => n + p.lag, 0);
    try {
      const deadline = Date.now() + options.timeoutMs;
      let last = -1;
      for (let left = await unread(); left > 0 && Date.now() < deadline; left = await unread()) {
        const read = options.events - left;
        if (read - last >= options.events / 10) {
          options.log(`replay: ${String(read)} / ${String(options.events)} read by the group`);
          last = read;
        }
        await sleep(500);
      }
      for (let n = await count(); n < options.events && Date.now() < deadline; n = await count())
        await sleep(500);
      cpuUsPerEvent = await cpuSince(sources, cpuAtReady, await count());
    } finally {
      await admin.disconnect();
      await service.stop();
    }
    const { rows } = await client.query<{ n: number; first: number; last: number }>(
      `SELECT count(*)::int AS n, (extract(epoch FROM min(processed_at)) * 1000)::float8 AS first,
              (extract(epoch FROM max(processed_at)) * 1000)::float8 AS last FROM inbox`,
    );
    const { n = 0, first = 0, last = 0 } = rows[0] ?? {};
    const { rows: aside } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM dead_letters WHERE reason = $1',
      [AWAITING_PRECEDING_EVENT],
    );
    const seconds = (last - first) / 1000;
    await client.end();
    connected = false;
    const complete = n === options.events;
    if (complete)
      options.log('replay: its rows written again set-based, 50 and 500 events a chunk, 1 and 2 connections');
    return {
      eventsPerSec: seconds > 0 ? Math.round((n - 1) / seconds) : 0,
      events: options.events,
      consumed: n,
      seconds: fixed(seconds),
      wallSeconds: fixed((last - spawnedAt) / 1000),
      complete,
      setAside: aside[0]?.n ?? 0,
      cpuUsPerEvent,
      rowsFloor: complete ? await replayRowsFloor(options.postgresUrl, database.name, [50, 500]) : [],
    };
  } finally {
    if (connected) await client.end().catch(() => undefined);
    await database.drop();
  }
};
