import {
  ALL_TOPICS,
  buildEvent,
  PlacementStartedV1,
  TOPICS,
  DEAD_LETTER_TOPICS,
  topicName,
  type EventOf,
} from '@relais/contracts';
import {
  createTestDatabase,
  readTopic,
  testKafka,
  uniquePrefix,
  waitFor,
  type TestDatabase,
} from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import {
  appendToOutbox,
  createInboxConsumer,
  createKafka,
  createOutboxRelay,
  createPublisher,
  ensureTopics,
  HELD_BEHIND_PARKED,
  on,
  withTenantTransaction,
  writeLater,
  type EventHandler,
  type InboxConsumer,
  type Publisher,
} from '@relais/messaging';
import { isFailedSelfCheck, migrate } from '@relais/service-kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000aa';
const logger = pino({ level: 'silent' });
const brokers = inject('kafkaBrokers');
const prefix = uniquePrefix('messaging');
const kafka = createKafka({ brokers, clientId: 'messaging-test', logger });
const raw = testKafka(brokers);
let db: TestDatabase;
let pool: pg.Pool;
let publisher: Publisher;

class Rejected extends Error {}

const placementStarted = (aggregate: string, startDate = '2026-03-02'): EventOf<typeof PlacementStartedV1> =>
  buildEvent(PlacementStartedV1, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId: aggregate,
    correlationId: uuidv7(),
    causationId: null,
    data: { placementId: aggregate, personId: uuidv7(), hostEmployerId: uuidv7(), startDate },
  });

/** The test's effect: one row per event, with a uniqueness the handler cannot break twice. */
let failuresBeforeSuccess = 0;
const handlers: EventHandler[] = [
  on(
    PlacementStartedV1,
    async (tx, event, { begun }) => {
      if (event.data.startDate === '1999-01-01') throw new Rejected('start date refused by the domain');
      // Refused by PostgreSQL, known only once the answer of a statement sent without waiting
      // comes in (the next statement awaited, the COMMIT, or in a run the next event's first
      // statements), as a statement checking its own effect with relais_expect_rows. Nothing
      // after it is awaited here, or that would bring the answer at once.
      if (event.data.startDate === '1998-01-01') {
        await writeLater(tx, {
          text: 'SELECT relais_expect_rows(0, 1, $1::text)',
          values: ['refused on the answer of a statement sent without waiting'],
        });
        return;
      }
      if (failuresBeforeSuccess > 0) {
        failuresBeforeSuccess -= 1;
        throw new Error('transient failure');
      }
      // What the handler's first statement answered with BEGIN, if the consumer sent it there.
      const echoed = (begun?.[0]?.rows[0] as { echoed?: string } | undefined)?.echoed ?? null;
      await tx.query('INSERT INTO effects (event_id, aggregate_id, begun_echo) VALUES ($1, $2, $3)', [
        event.id,
        event.aggregateId,
        echoed,
      ]);
    },
    { atBegin: (event) => [{ text: 'SELECT $1::uuid AS echoed', values: [event.id] }] },
  ),
];

const effectsOf = async (aggregate: string) =>
  (
    await pool.query<{ event_id: string }>(
      'SELECT event_id FROM effects WHERE aggregate_id = $1 ORDER BY seq',
      [aggregate],
    )
  ).rows;

const produceRaw = async (values: (string | null)[], key = 'k') => {
  const producer = raw.producer();
  await producer.connect();
  await producer.send({
    topic: topicName(TOPICS.placement, prefix),
    messages: values.map((value) => ({ key, value })),
  });
  await producer.disconnect();
};

let consumer: InboxConsumer;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'messaging');
  // The platform tables every service has: outbox, inbox, and the service kit's (the consumer
  // stores what it dead-letters in `dead_letters`).
  await migrate({ databaseUrl: db.url, logger });
  // Pipelining, as the services' pools (dead-letters.int.test.ts runs the consumer on a pool that does not).
  pool = new pg.Pool({ connectionString: db.url, max: 5, pipeline: true });
  await pool.query(
    'CREATE TABLE effects (seq bigserial, event_id uuid UNIQUE, aggregate_id text, begun_echo uuid)',
  );
  await ensureTopics(kafka, ALL_TOPICS, prefix);
  publisher = createPublisher(kafka);
  await publisher.connect();
  consumer = createInboxConsumer({
    kafka,
    groupId: `${prefix}consumer`,
    topics: [topicName(TOPICS.placement, prefix)],
    deadLetterTopic: topicName(DEAD_LETTER_TOPICS.incomeContinuity, prefix),
    pool,
    publisher,
    handlers,
    logger,
    registry: new Registry(),
    // The test's refusals: its own, and a failed self-check, as the services tell them.
    isPermanentError: (error) => error instanceof Rejected || isFailedSelfCheck(error),
    retry: { initialMs: 10, maxMs: 50 },
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer.stop();
  await publisher.disconnect();
  await pool.end();
  await db.drop();
});

describe('outbox → relay → Kafka → inbox', () => {
  it('publishes a committed event once and applies it once', async () => {
    const relay = createOutboxRelay({ pool, publisher, logger, pollIntervalMs: 5000 });
    await relay.start();
    const event = placementStarted(uuidv7());
    await withTenantTransaction(pool, tenantId, (tx) =>
      appendToOutbox(tx, PlacementStartedV1, event, prefix),
    );
    // Woken by NOTIFY: the poll interval (5 s) is longer than this wait allows.
    await waitFor(async () => (await effectsOf(event.aggregateId)).length === 1, {
      timeoutMs: 4000,
      what: 'the effect',
    });
    await relay.stop();
    const { rows } = await pool.query<{ published_at: Date | null }>(
      'SELECT published_at FROM outbox WHERE event_id = $1',
      [event.id],
    );
    expect(rows[0]?.published_at).toBeInstanceOf(Date);
  });

  it("gives an event applied alone what its handler's first statements answered with BEGIN, also when it is retried", async () => {
    const event = placementStarted(uuidv7());
    await produceRaw([JSON.stringify(event)], event.aggregateId);
    await waitFor(async () => (await effectsOf(event.aggregateId)).length === 1, { what: 'the effect' });
    failuresBeforeSuccess = 1;
    const retried = placementStarted(uuidv7());
    await produceRaw([JSON.stringify(retried)], retried.aggregateId);
    await waitFor(async () => (await effectsOf(retried.aggregateId)).length === 1, {
      what: 'the retried effect',
    });
    const { rows } = await pool.query<{ event_id: string; begun_echo: string | null }>(
      'SELECT event_id, begun_echo FROM effects WHERE event_id = ANY($1::uuid[]) ORDER BY seq',
      [[event.id, retried.id]],
    );
    expect(rows).toEqual([
      { event_id: event.id, begun_echo: event.id },
      { event_id: retried.id, begun_echo: retried.id },
    ]);
  });

  it("gives events applied in a run (one transaction, a savepoint each) what their handler's first statements answered", async () => {
    const key = uuidv7();
    const events = Array.from({ length: 5 }, () => placementStarted(key));
    await produceRaw(
      events.map((e) => JSON.stringify(e)),
      key,
    );
    await waitFor(async () => (await effectsOf(key)).length === events.length, { what: 'the effects' });
    const { rows } = await pool.query<{ event_id: string; begun_echo: string | null }>(
      'SELECT event_id, begun_echo FROM effects WHERE aggregate_id = $1 ORDER BY seq',
      [key],
    );
    expect(rows).toEqual(events.map((e) => ({ event_id: e.id, begun_echo: e.id })));
  });

  it('publishes nothing when the business transaction rolls back', async () => {
    const event = placementStarted(uuidv7());
    await expect(
      withTenantTransaction(pool, tenantId, async (tx) => {
        await appendToOutbox(tx, PlacementStartedV1, event, prefix);
        throw new Error('business rule failed after the append');
      }),
    ).rejects.toThrow('business rule failed');
    const { rowCount } = await pool.query('SELECT 1 FROM outbox WHERE event_id = $1', [event.id]);
    expect(rowCount).toBe(0);
  });

  it('applies a redelivered event (same id) once', async () => {
    const event = placementStarted(uuidv7());
    await produceRaw(
      [JSON.stringify(event), JSON.stringify(event), JSON.stringify(event)],
      event.aggregateId,
    );
    const marker = placementStarted(event.aggregateId);
    await produceRaw([JSON.stringify(marker)], event.aggregateId);
    await waitFor(async () => (await effectsOf(event.aggregateId)).length === 2, { what: 'both effects' });
    expect((await effectsOf(event.aggregateId)).map((r) => r.event_id)).toEqual([event.id, marker.id]);
  });

  it('dead-letters malformed, invalid and unknown messages with the reason, and goes on with the next valid one', async () => {
    const valid = placementStarted(uuidv7());
    const invalidData = { ...placementStarted(uuidv7()), data: { placementId: 'not-a-uuid' } };
    const unknownType = { ...placementStarted(uuidv7()), type: 'PlacementTeleported' };
    const badEnvelope = { ...placementStarted(uuidv7()), tenantId: 'nobody' };
    // Each poison message has a key of its own: a later message of a parked one's key is held behind it.
    for (const poison of [
      '{"oops',
      JSON.stringify(invalidData),
      JSON.stringify(unknownType),
      JSON.stringify(badEnvelope),
      null,
    ])
      await produceRaw([poison], uuidv7());
    await produceRaw([JSON.stringify(valid)], valid.aggregateId);
    await waitFor(async () => (await effectsOf(valid.aggregateId)).length === 1, {
      what: 'the valid event after the poison ones',
    });
    const dead = await waitFor(
      async () => {
        const messages = await readTopic(raw, DEAD_LETTER_TOPICS.incomeContinuity, prefix);
        return messages.length >= 5 ? messages : undefined;
      },
      { what: 'five dead letters' },
    );
    expect(dead.map((m) => m.headers['dlq-reason']).sort()).toEqual(
      ['empty_message', 'invalid_data', 'invalid_envelope', 'malformed_json', 'unknown_event_type'].sort(),
    );
    const invalid = dead.find((m) => m.headers['dlq-reason'] === 'invalid_data');
    expect(invalid?.value).toBe(JSON.stringify(invalidData));
    expect(invalid?.headers['dlq-detail']).toContain('personId');
    expect(invalid?.headers['dlq-source-topic']).toBe(topicName(TOPICS.placement, prefix));
  });

  it('dead-letters an event the handler rejects, without retrying it', async () => {
    const refused = placementStarted(uuidv7(), '1999-01-01');
    const next = placementStarted(uuidv7());
    await produceRaw([JSON.stringify(refused)], refused.aggregateId);
    await produceRaw([JSON.stringify(next)], next.aggregateId);
    await waitFor(async () => (await effectsOf(next.aggregateId)).length === 1, {
      what: 'the event after the rejected one',
    });
    const dead = await readTopic(raw, DEAD_LETTER_TOPICS.incomeContinuity, prefix);
    const rejected = dead.find((m) => m.headers['dlq-reason'] === 'rejected_by_handler');
    expect(rejected?.value).toBe(JSON.stringify(refused));
  });

  it('given a run where an event is refused only on an answer the next event brings, then that event is parked and the next one is held behind it, not blamed', async () => {
    const key = uuidv7();
    const [first, refused, next] = [
      placementStarted(key),
      placementStarted(key, '1998-01-01'),
      placementStarted(key),
    ];
    await produceRaw(
      [first, refused, next].map((e) => JSON.stringify(e)),
      key,
    );
    const letters = async () =>
      (
        await pool.query<{ event_id: string; status: string; reason: string }>(
          'SELECT event_id, status, reason FROM dead_letters WHERE message_key = $1 ORDER BY seq',
          [key],
        )
      ).rows;
    await waitFor(async () => (await letters()).length === 2, {
      what: 'the refused event and the one behind it',
    });
    expect(await letters()).toEqual([
      { event_id: refused.id, status: 'parked', reason: 'rejected_by_handler' },
      { event_id: next.id, status: 'held', reason: HELD_BEHIND_PARKED },
    ]);
    expect((await effectsOf(key)).map((e) => e.event_id)).toEqual([first.id]);
  });

  it('retries a transient handler failure in place and applies the event once', async () => {
    failuresBeforeSuccess = 2;
    const event = placementStarted(uuidv7());
    await produceRaw([JSON.stringify(event)], event.aggregateId);
    await waitFor(async () => (await effectsOf(event.aggregateId)).length === 1, {
      what: 'the effect after two failures',
    });
    expect(failuresBeforeSuccess).toBe(0);
  });

  it('keeps the order of one key', async () => {
    const aggregate = uuidv7();
    const relay = createOutboxRelay({ pool, publisher, logger, batchSize: 7 });
    const events = Array.from({ length: 40 }, () => placementStarted(aggregate));
    for (const event of events) {
      await withTenantTransaction(pool, tenantId, (tx) =>
        appendToOutbox(tx, PlacementStartedV1, event, prefix),
      );
    }
    await relay.start();
    await waitFor(async () => (await effectsOf(aggregate)).length === 40, { what: 'forty effects' });
    await relay.stop();
    expect((await effectsOf(aggregate)).map((r) => r.event_id)).toEqual(events.map((e) => e.id));
  });

  it('applies an event once when the relay crashed after the broker acknowledged it and before marking it', async () => {
    const event = placementStarted(uuidv7());
    await withTenantTransaction(pool, tenantId, (tx) =>
      appendToOutbox(tx, PlacementStartedV1, event, prefix),
    );
    const crashing = createOutboxRelay({
      pool,
      publisher,
      logger,
      afterPublish: () => Promise.reject(new Error('relay crashed before marking')),
    });
    await expect(crashing.drain()).rejects.toThrow('relay crashed before marking');
    const unmarked = await pool.query('SELECT 1 FROM outbox WHERE event_id = $1 AND published_at IS NULL', [
      event.id,
    ]);
    expect(unmarked.rowCount).toBe(1);

    const restarted = createOutboxRelay({ pool, publisher, logger });
    await restarted.start();
    await waitFor(async () => {
      const { rowCount } = await pool.query(
        'SELECT 1 FROM outbox WHERE event_id = $1 AND published_at IS NOT NULL',
        [event.id],
      );
      return rowCount === 1;
    });
    await restarted.stop();
    const onTopic = (await readTopic(raw, TOPICS.placement, prefix)).filter(
      (m) => m.headers['event-id'] === event.id,
    );
    expect(onTopic).toHaveLength(2);
    const marker = placementStarted(event.aggregateId);
    await produceRaw([JSON.stringify(marker)], event.aggregateId);
    await waitFor(async () => (await effectsOf(event.aggregateId)).length === 2, {
      what: 'the marker effect',
    });
    expect((await effectsOf(event.aggregateId)).map((r) => r.event_id)).toEqual([event.id, marker.id]);
  });

  it('lets one relay publish at a time (the others wait for the lock)', async () => {
    const first = createOutboxRelay({ pool, publisher, logger, pollIntervalMs: 50 });
    const second = createOutboxRelay({ pool, publisher, logger, pollIntervalMs: 50 });
    await first.start();
    await second.start();
    expect([first.isLeader(), second.isLeader()].sort()).toEqual([false, true]);
    await first.stop();
    await waitFor(() => second.isLeader(), { what: 'the second relay to take over' });
    await second.stop();
  });
});
