import { ALL_TOPICS, buildEvent, PlacementStartedV1, TOPICS, topicName } from '@relais/contracts';
import {
  appendToOutbox,
  createKafka,
  createOutboxRelay,
  createPublisher,
  ensureTopics,
  markUnit,
  restoreUnit,
  watchOutboxCommits,
  withTenantTransaction,
  type Publisher,
} from '@relais/messaging';
import { migrate } from '@relais/service-kit';
import { createTestDatabase, uniquePrefix, waitFor, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000ab';
const logger = pino({ level: 'silent' });
const prefix = uniquePrefix('relay-wake');
const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'relay-wake-test', logger });
let db: TestDatabase;
let pool: pg.Pool;
/** Another pool on the same database: its transactions are not `pool`'s. */
let otherPool: pg.Pool;
/** Connected before the tests, so that what it is asked is sent at once. */
let observer: pg.Client;
let publisher: Publisher;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'relay_wake');
  await migrate({ databaseUrl: db.url, logger });
  pool = new pg.Pool({ connectionString: db.url, max: 3, pipeline: true });
  otherPool = new pg.Pool({ connectionString: db.url, max: 1, pipeline: true });
  observer = new pg.Client({ connectionString: db.url });
  await observer.connect();
  await ensureTopics(kafka, ALL_TOPICS, prefix);
  publisher = createPublisher(kafka);
  await publisher.connect();
});

afterAll(async () => {
  await publisher.disconnect();
  await observer.end();
  await otherPool.end();
  await pool.end();
  await db.drop();
});

const placementStarted = () => {
  const placementId = uuidv7();
  return buildEvent(PlacementStartedV1, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId: placementId,
    correlationId: uuidv7(),
    causationId: null,
    data: { placementId, personId: uuidv7(), hostEmployerId: uuidv7(), startDate: '2026-03-02' },
  });
};

/** How many outbox rows of `eventId` a session other than the transaction's sees. */
const visibleRows = async (eventId: string) =>
  (
    await observer.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE event_id = $1', [
      eventId,
    ])
  ).rows[0]?.n ?? 0;

const publishedAt = async (eventId: string) =>
  (
    await observer.query<{ published_at: Date | null }>(
      'SELECT published_at FROM outbox WHERE event_id = $1',
      [eventId],
    )
  ).rows[0]?.published_at ?? null;

/** An outbox row written the way no transaction of ours writes one: without NOTIFY. */
const insertUnannounced = async () => {
  const event = placementStarted();
  await pool.query(
    `INSERT INTO outbox (event_id, tenant_id, topic, message_key, event_type, correlation_id, envelope)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      event.id,
      tenantId,
      topicName(TOPICS.placement, prefix),
      event.aggregateId,
      event.type,
      event.correlationId,
      JSON.stringify(event),
    ],
  );
  return event;
};

describe("a transaction's commit wakes its own process's relay", () => {
  it('tells the watchers of its pool once it has committed, its row then visible to every session', async () => {
    const visibleWhenTold: Promise<number>[] = [];
    const event = placementStarted();
    const unwatch = watchOutboxCommits(pool, () => visibleWhenTold.push(visibleRows(event.id)));
    try {
      await withTenantTransaction(pool, tenantId, (tx) =>
        appendToOutbox(tx, PlacementStartedV1, event, prefix),
      );
      expect(visibleWhenTold).toHaveLength(1);
      // Asked at the moment it was told, on a connection already open: 0 had it been told
      // before the COMMIT (the row is written with the COMMIT, after the transaction's work).
      expect(await visibleWhenTold[0]).toBe(1);
    } finally {
      unwatch();
    }
  });

  it('tells no one when the transaction rolls back, appends nothing, has its event undone by a savepoint, or is on another pool', async () => {
    let told = 0;
    const unwatch = watchOutboxCommits(pool, () => (told += 1));
    try {
      await expect(
        withTenantTransaction(pool, tenantId, async (tx) => {
          await appendToOutbox(tx, PlacementStartedV1, placementStarted(), prefix);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await withTenantTransaction(pool, tenantId, (tx) => tx.query('SELECT 1'));
      const undone = placementStarted();
      await withTenantTransaction(pool, tenantId, async (tx) => {
        const mark = markUnit(tx);
        await tx.query('SAVEPOINT before_event');
        await appendToOutbox(tx, PlacementStartedV1, undone, prefix);
        await tx.query('ROLLBACK TO SAVEPOINT before_event');
        restoreUnit(tx, mark);
      });
      const elsewhere = placementStarted();
      await withTenantTransaction(otherPool, tenantId, (tx) =>
        appendToOutbox(tx, PlacementStartedV1, elsewhere, prefix),
      );
      expect(told).toBe(0);
      expect(await visibleRows(undone.id)).toBe(0);
      expect(await visibleRows(elsewhere.id)).toBe(1);
    } finally {
      unwatch();
    }
    await withTenantTransaction(pool, tenantId, (tx) =>
      appendToOutbox(tx, PlacementStartedV1, placementStarted(), prefix),
    );
    expect(told).toBe(0);
  });

  it('lets the leader publish, when woken so, a row no NOTIFY announced; a relay without the lock publishes nothing', async () => {
    // Polling once a minute: within this test only a wake-up publishes.
    const leader = createOutboxRelay({ pool, publisher, logger, pollIntervalMs: 60_000 });
    const follower = createOutboxRelay({ pool, publisher, logger, pollIntervalMs: 60_000 });
    await leader.start();
    await follower.start();
    try {
      expect(leader.isLeader()).toBe(true);
      expect(follower.isLeader()).toBe(false);
      const event = await insertUnannounced();
      follower.wake();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await publishedAt(event.id)).toBeNull();
      leader.wake();
      await waitFor(async () => (await publishedAt(event.id)) !== null, {
        timeoutMs: 10_000,
        what: 'the woken leader to publish the row',
      });
    } finally {
      await follower.stop();
      await leader.stop();
    }
  });
});
