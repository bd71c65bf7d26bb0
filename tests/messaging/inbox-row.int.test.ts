import type { Envelope } from '@relais/contracts';
import { inboxRowStatement, withTenantTransaction } from '@relais/messaging';
import { migrate } from '@relais/service-kit';
import { createTestDatabase, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000af';
let db: TestDatabase;
/** Pipelining, as the services' pools: the statements go as prepared statements behind BEGIN. */
let pipelined: pg.Pool;
/** Not pipelining: the statements are written into the BEGIN message, or run one by one. */
let plain: pg.Pool;

const envelope = (overrides: Partial<Envelope> = {}) =>
  ({ id: uuidv7(), tenantId, type: 'TrialEnded', ...overrides }) as Envelope;
const source = { topic: 't-x.trial-period.events.v1', partition: 2, offset: '9007199254740993' };

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'inbox_row');
  await migrate({ databaseUrl: db.url, logger: pino({ level: 'silent' }) });
  pipelined = new pg.Pool({ connectionString: db.url, max: 2, pipeline: true });
  plain = new pg.Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await Promise.all([pipelined.end(), plain.end()]);
  await db.drop();
});

const rowOf = async (eventId: string) =>
  (
    await plain.query<Record<string, unknown>>(
      `SELECT event_id, tenant_id, event_type, topic, kafka_partition, kafka_offset::text AS kafka_offset
         FROM inbox WHERE event_id = $1`,
      [eventId],
    )
  ).rows;

describe("an event's inbox row sent with BEGIN (inboxRowStatement)", () => {
  it.each([
    ['pipelining', () => pipelined],
    ['not pipelining (written into the BEGIN message)', () => plain],
  ])(
    'given an event, when its row is sent with BEGIN twice (%s), then it is written once, with every column as the parameterised insert writes it',
    async (_, poolOf) => {
      const event = envelope();
      const written = async () =>
        withTenantTransaction(poolOf(), tenantId, (_tx, [inserted]) => Promise.resolve(inserted?.rowCount), {
          atBegin: [inboxRowStatement(event, source)],
        });
      expect(await written()).toBe(1);
      expect(await written()).toBe(0);
      expect(await rowOf(event.id)).toEqual([
        {
          event_id: event.id,
          tenant_id: tenantId,
          event_type: 'TrialEnded',
          topic: source.topic,
          kafka_partition: 2,
          kafka_offset: '9007199254740993',
        },
      ]);
    },
  );

  it.each([
    ['pipelining', () => pipelined],
    ['not pipelining (too risky to write into SQL: run after BEGIN with parameters)', () => plain],
  ])(
    'given values that could carry SQL, when the row is sent with BEGIN (%s), then they are stored as they are and nothing else runs',
    async (_, poolOf) => {
      const event = envelope({ type: "TrialEnded'; DROP TABLE inbox; --" });
      const odd = { ...source, topic: "a b'; --" };
      const inserted = await withTenantTransaction(
        poolOf(),
        tenantId,
        (_tx, [row]) => Promise.resolve(row?.rowCount),
        { atBegin: [inboxRowStatement(event, odd)] },
      );
      expect(inserted).toBe(1);
      expect(await rowOf(event.id)).toMatchObject([{ event_type: event.type, topic: odd.topic }]);
    },
  );
});
