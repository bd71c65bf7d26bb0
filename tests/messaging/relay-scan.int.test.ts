import { createKafka, createOutboxRelay, createPublisher, type Publisher } from '@relais/messaging';
import { migrate } from '@relais/service-kit';
import { createTestDatabase, waitFor, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const logger = pino({ level: 'silent' });
const kafka = createKafka({ brokers: inject('kafkaBrokers'), clientId: 'relay-scan-test', logger });
let db: TestDatabase;
let pool: pg.Pool;
let publisher: Publisher;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'relay_scan');
  await migrate({ databaseUrl: db.url, logger });
  pool = new pg.Pool({ connectionString: db.url, max: 3, pipeline: true });
  publisher = createPublisher(kafka);
  await publisher.connect();
});

afterAll(async () => {
  await publisher.disconnect();
  await pool.end();
  await db.drop();
});

/** What PostgreSQL counted on the index of unpublished rows: scans, and entries they returned. */
const indexStats = async () => {
  const { rows } = await pool.query<{ scans: number; read: number }>(
    `SELECT idx_scan::int AS scans, idx_tup_read::int AS read FROM pg_stat_user_indexes
      WHERE indexrelname = 'outbox_unpublished_idx'`,
  );
  return rows[0] ?? { scans: 0, read: 0 };
};

/** Waits until `scans` scans of the index were reported. */
const afterScans = async (scans: number) => {
  await waitFor(async () => (await indexStats()).scans >= scans, {
    what: 'the relay’s scans reported',
    timeoutMs: 30_000,
  });
  return indexStats();
};

describe('the outbox relay', () => {
  it('steps over the index entries of rows already published instead of reading them again on every drain', async () => {
    // 5,000 rows published: each leaves a dead entry in the index of unpublished rows until VACUUM.
    await pool.query(
      `INSERT INTO outbox (event_id, tenant_id, topic, message_key, event_type, correlation_id, envelope)
       SELECT gen_random_uuid(), gen_random_uuid(), 'relay-scan', 'k', 'Test', gen_random_uuid(), '{}'
         FROM generate_series(1, 5000)`,
    );
    await pool.query('UPDATE outbox SET published_at = clock_timestamp()');
    /** The index entries the relay's scans returned over its start, five drains and its stop (seven scans). */
    const entriesRead = async () => {
      const before = await indexStats();
      const relay = createOutboxRelay({ pool, publisher, logger, pollIntervalMs: 60_000 });
      await relay.start();
      expect(relay.isLeader()).toBe(true);
      for (let i = 0; i < 5; i++) await relay.drain();
      // Stopped, it drains once more and closes its connection, whose session reports its scans as it ends.
      await relay.stop();
      const after = await afterScans(before.scans + 7);
      return after.read - before.read;
    };
    // An index scan marks an entry dead once no transaction open on the server (in any
    // database: other test files' transactions) may still see its row; from then on every scan
    // steps over it. A bitmap scan returns all 5,000 on each scan: 35,000 every time.
    await waitFor(async () => ((await entriesRead()) < 500 ? true : undefined), {
      what: 'a relay whose scans step over the dead entries',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
  });
});
