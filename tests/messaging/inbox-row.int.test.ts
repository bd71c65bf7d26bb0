import type { Envelope } from '@relais/contracts';
import { inboxRowSql, withTenantTransaction } from '@relais/messaging';
import { migrate } from '@relais/service-kit';
import { createTestDatabase, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000af';
let db: TestDatabase;
let pool: pg.Pool;

const envelope = (overrides: Partial<Envelope> = {}) =>
  ({ id: uuidv7(), tenantId, type: 'TrialEnded', ...overrides }) as Envelope;
const source = { topic: 't-x.trial-period.events.v1', partition: 2, offset: '9007199254740993' };

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'inbox_row');
  await migrate({ databaseUrl: db.url, logger: pino({ level: 'silent' }) });
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe("an event's inbox row sent with BEGIN (inboxRowSql)", () => {
  it('given an event, when its row is sent with BEGIN twice, then it is written once, with every column as the parameterised insert writes it', async () => {
    const event = envelope();
    const sql = inboxRowSql(event, source);
    expect(sql).toBeDefined();
    const written = async () =>
      withTenantTransaction(pool, tenantId, (_tx, [inserted]) => Promise.resolve(inserted?.rowCount), {
        atBegin: sql ?? '',
      });
    expect(await written()).toBe(1);
    expect(await written()).toBe(0);
    const { rows } = await pool.query(
      `SELECT event_id, tenant_id, event_type, topic, kafka_partition, kafka_offset::text AS kafka_offset
         FROM inbox WHERE event_id = $1`,
      [event.id],
    );
    expect(rows).toEqual([
      {
        event_id: event.id,
        tenant_id: tenantId,
        event_type: 'TrialEnded',
        topic: source.topic,
        kafka_partition: 2,
        kafka_offset: '9007199254740993',
      },
    ]);
  });

  it('given a value that could carry SQL, when asked for the row, then there is none (the consumer writes it with parameters)', () => {
    expect(inboxRowSql(envelope({ type: "TrialEnded'; DROP TABLE inbox; --" }), source)).toBeUndefined();
    expect(inboxRowSql(envelope(), { ...source, topic: 'a b' })).toBeUndefined();
    expect(inboxRowSql(envelope(), { ...source, offset: '12 OR 1=1' })).toBeUndefined();
    expect(inboxRowSql(envelope(), { ...source, partition: 1.5 })).toBeUndefined();
  });
});
