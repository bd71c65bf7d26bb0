import {
  ALL_TOPICS,
  buildEvent,
  DEAD_LETTER_TOPICS,
  PlacementEndedV1,
  PlacementStartedV1,
  TOPICS,
  topicName,
} from '@relais/contracts';
import {
  combinable,
  combinedStatement,
  createInboxConsumer,
  createKafka,
  createPublisher,
  ensureTopics,
  lockOnceStatement,
  on,
  splitCombined,
  writeDeferred,
  writeLater,
  type EventHandler,
  type InboxConsumer,
  type Publisher,
  type Statement,
} from '@relais/messaging';
import { migrate } from '@relais/service-kit';
import { createTestDatabase, testKafka, uniquePrefix, waitFor, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000ac';

class Rejected extends Error {}
const DIVISION_BY_ZERO = '22012';
const logger = pino({ level: 'silent' });
const brokers = inject('kafkaBrokers');
const kafka = createKafka({ brokers, clientId: 'read-ahead-test', logger });
let db: TestDatabase;
let pool: pg.Pool;
let publisher: Publisher;
/** Every statement the pool's connections sent, by text. */
const sent: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'read_ahead');
  await migrate({ databaseUrl: db.url, logger });
  pool = new pg.Pool({ connectionString: db.url, max: 5, pipeline: true });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [first] = args;
      sent.push(typeof first === 'string' ? first : String((first as { text?: unknown }).text));
      return query(...args);
    };
  });
  await pool.query(`CREATE TABLE effects (seq bigserial, event_id uuid UNIQUE, person_id uuid NOT NULL,
                      seen int NOT NULL, echoed uuid, noted int)`);
  await pool.query(`CREATE TABLE notes (person_id uuid NOT NULL, n int NOT NULL)`);
  await pool.query(`CREATE TABLE gate (id int PRIMARY KEY, n int NOT NULL)`);
  await pool.query(`INSERT INTO gate VALUES (1, 0)`);
  publisher = createPublisher(kafka);
  await publisher.connect();
});

afterAll(async () => {
  await publisher.disconnect();
  await pool.end();
  await db.drop();
});

beforeEach(() => {
  sent.length = 0;
});

describe('combinedStatement', () => {
  const read = (personId: string): Statement => ({
    text: 'SELECT n FROM notes WHERE person_id = $1 AND n >= $2 ORDER BY n DESC',
    values: [personId, 2],
    types: ['uuid', 'int'],
  });

  it("answers each event's read as its own statement would, rows in their order, none where it has none", async () => {
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    await pool.query('INSERT INTO notes SELECT $1, n FROM generate_series(1, 5) n', [a]);
    await pool.query('INSERT INTO notes VALUES ($1, 3), ($1, 1)', [c]);
    const reads = [read(a), read(b), read(c), read(a)];
    expect(combinable(reads)).toBe(true);
    const statement = combinedStatement(reads);
    const combined = await pool.query<Record<string, unknown>>(statement.text, [...statement.values]);
    const own = await Promise.all(
      reads.map((s) => pool.query<Record<string, unknown>>(s.text, [...s.values])),
    );
    const rowsOf = (results: pg.QueryResult<Record<string, unknown>>[]) => results.map((r) => r.rows);
    const split = splitCombined(combined, reads.length);
    expect(rowsOf(split)).toEqual(rowsOf(own));
    expect(rowsOf(split)).toEqual([
      [{ n: 5 }, { n: 4 }, { n: 3 }, { n: 2 }],
      [],
      [{ n: 3 }],
      [{ n: 5 }, { n: 4 }, { n: 3 }, { n: 2 }],
    ]);
    expect(split.map((r) => r.rowCount)).toEqual([4, 0, 1, 4]);
    expect(split[0]?.fields.map((f) => f.name)).toEqual(['n']);
  });

  it('takes locks one event after the other, as their own statements would', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const locks = [lockOnceStatement(tenantId, a), lockOnceStatement(tenantId, b)];
      const statement = combinedStatement(locks);
      expect(
        splitCombined(await client.query(statement.text, [...statement.values]), 2).map((r) => r.rowCount),
      ).toEqual([1, 1]);
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = $1`,
        [(client as unknown as { processID: number }).processID],
      );
      expect(rows[0]?.n).toBe(2);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('refuses statements that differ or whose parameters are not typed', () => {
    const [a, b] = [uuidv7(), uuidv7()];
    expect(combinable([read(a), { ...read(b), text: `${read(b).text} LIMIT 1` }])).toBe(false);
    expect(
      combinable([
        { text: 'SELECT $1::uuid', values: [a] },
        { text: 'SELECT $1::uuid', values: [b] },
      ]),
    ).toBe(false);
    expect(combinable([read(a), { ...read(b), types: ['uuid', 'bigint'] }])).toBe(false);
    expect(combinable([{ ...read(a), types: ['uuid; DROP TABLE notes', 'int'] }])).toBe(false);
    expect(() => combinedStatement([{ text: 'SELECT $1::uuid', values: [a] }])).toThrow(TypeError);
  });
});

describe('a run of messages', () => {
  /** The handler's reads: its person's lock, how many effects the person has (typed: read once for the run), its own id (untyped: read alone). */
  const atBegin = (event: { id: string; tenantId: string; data: { personId: string } }): Statement[] => [
    lockOnceStatement(event.tenantId, event.data.personId),
    {
      text: 'SELECT count(*)::int AS seen FROM effects WHERE person_id = $1',
      values: [event.data.personId],
      types: ['uuid'],
    },
    { text: 'SELECT $1::uuid AS echoed', values: [event.id] },
    {
      text: 'SELECT count(*)::int AS noted FROM notes WHERE person_id = $1',
      values: [event.data.personId],
      types: ['uuid'],
    },
  ];
  /** The events whose handler started, in order. */
  const handlerStarts: string[] = [];
  /** The events whose write failed once (the next try goes through). */
  const failedOnce = new Set<string>();
  const handlers: EventHandler[] = [
    on(
      PlacementStartedV1,
      async (tx, event, { begun }) => {
        handlerStarts.push(event.id);
        // Refused before it sent anything.
        if (event.data.startDate === '1996-06-06') throw new Rejected('refused at once');
        const seen =
          (begun?.[1]?.rows[0] as { seen?: number } | undefined)?.seen ??
          (
            await tx.query<{ seen: number }>(
              'SELECT count(*)::int AS seen FROM effects WHERE person_id = $1',
              [event.data.personId],
            )
          ).rows[0]?.seen;
        const echoed = (begun?.[2]?.rows[0] as { echoed?: string } | undefined)?.echoed ?? null;
        const noted = (begun?.[3]?.rows[0] as { noted?: number } | undefined)?.noted ?? null;
        await tx.query(
          'INSERT INTO effects (event_id, person_id, seen, echoed, noted) VALUES ($1, $2, $3, $4, $5)',
          [event.id, event.data.personId, seen, echoed, noted],
        );
        // A row nothing reads in the transaction: written at its COMMIT.
        await writeDeferred(tx, {
          table: 'notes',
          columns: ['person_id', 'n'],
          values: [event.data.personId, seen],
        });
        // Refused after it wrote and deferred: neither may stay.
        if (event.data.startDate === '1999-01-01') throw new Rejected('start date refused by the domain');
        // A write sent without waiting that waits for a row another transaction holds.
        if (event.data.startDate === '1995-05-05')
          await writeLater(tx, { text: 'UPDATE gate SET n = n + 1 WHERE id = 1', values: [] });
        // A write sent without waiting that fails, the first time only (the consumer counts a
        // division by zero as a refusal, so that a failure found late could be taken for one).
        if (event.data.startDate === '1997-07-07' && !failedOnce.has(event.id)) {
          failedOnce.add(event.id);
          await writeLater(tx, { text: 'SELECT 1 / (SELECT count(*) FROM gate WHERE id = 0)', values: [] });
        }
        // Meanwhile applied elsewhere: its inbox row committed by another transaction.
        if (event.data.startDate === '1998-06-06')
          await pool.query(
            `INSERT INTO inbox (event_id, tenant_id, event_type, topic, kafka_partition, kafka_offset)
             VALUES ($1, $2, 'PlacementStarted', 'elsewhere', 0, 0)`,
            [event.id, event.tenantId],
          );
      },
      { atBegin, scope: (event) => `${event.tenantId}:${event.data.personId}` },
    ),
    // No scope: what it changes is not known, so the events after it read their own.
    on(PlacementEndedV1, async (tx, event) => {
      await tx.query('INSERT INTO effects (event_id, person_id, seen) VALUES ($1, $2, -1)', [
        event.id,
        event.data.personId,
      ]);
    }),
  ];

  /** An envelope's fields for a new event of this CPAS. */
  const fresh = () => ({
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId: uuidv7(),
    correlationId: uuidv7(),
    causationId: null,
  });
  const started = (personId: string, startDate = '2026-03-02') =>
    buildEvent(PlacementStartedV1, {
      ...fresh(),
      data: { placementId: uuidv7(), personId, hostEmployerId: uuidv7(), startDate },
    });
  const ended = (personId: string) =>
    buildEvent(PlacementEndedV1, {
      ...fresh(),
      data: { placementId: uuidv7(), personId, lastWorkedDay: '2026-03-20', reason: 'completed' },
    });

  /** Puts the events on one partition in one request, then starts a consumer that finds them all there: one run. */
  const consumeAsOneRun = async (events: { id: string; data: { personId: string } }[]) => {
    const prefix = uniquePrefix('read-ahead');
    await ensureTopics(kafka, ALL_TOPICS, prefix);
    const producer = testKafka(brokers).producer();
    await producer.connect();
    await producer.send({
      topic: topicName(TOPICS.placement, prefix),
      messages: events.map((e) => ({ key: e.data.personId, value: JSON.stringify(e), partition: 0 })),
    });
    await producer.disconnect();
    const consumer: InboxConsumer = createInboxConsumer({
      kafka,
      groupId: `${prefix}consumer`,
      topics: [topicName(TOPICS.placement, prefix)],
      deadLetterTopic: topicName(DEAD_LETTER_TOPICS.incomeContinuity, prefix),
      pool,
      publisher,
      handlers,
      logger,
      isPermanentError: (error) =>
        error instanceof Rejected || (error as { code?: unknown }).code === DIVISION_BY_ZERO,
      retry: { initialMs: 10, maxMs: 50 },
      // One run for all the events, however slow the machine: the run's time budget (100 ms by
      // default) once cut a run of six in two in CI, and the second read ahead again.
      chunkBudgetMs: 60_000,
    });
    await consumer.start();
    try {
      await waitFor(
        async () =>
          (
            await pool.query<{ n: number }>(
              `SELECT ((SELECT count(*) FROM inbox WHERE event_id = ANY($1::uuid[]))
                    + (SELECT count(*) FROM dead_letters WHERE event_id = ANY($1::uuid[])))::int AS n`,
              [events.map((e) => e.id)],
            )
          ).rows[0]?.n === new Set(events.map((e) => e.id)).size,
        { what: 'every event applied or parked' },
      );
    } finally {
      await consumer.stop();
    }
    const { rows } = await pool.query<{
      event_id: string;
      seen: number;
      echoed: string | null;
      noted: number | null;
    }>('SELECT event_id, seen, echoed, noted FROM effects WHERE event_id = ANY($1::uuid[])', [
      events.map((e) => e.id),
    ]);
    return new Map(rows.map((r) => [r.event_id, { seen: r.seen, echoed: r.echoed, noted: r.noted }]));
  };

  it("reads ahead once for the first event of each person, and a person's later event reads after its earlier one", async () => {
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    // Earlier effects, a different number per person: each event must get its own person's count.
    const before = new Map([
      [a, 0],
      [b, 2],
      [c, 1],
    ]);
    for (const [personId, n] of before)
      await pool.query('INSERT INTO effects (person_id, seen) SELECT $1, 0 FROM generate_series(1, $2)', [
        personId,
        n,
      ]);
    const events = [started(a), started(b), started(c), started(a), started(b), started(a)];
    const effects = await consumeAsOneRun(events);
    // Each saw what the events before it wrote for its person, and its own first statements' answers.
    expect(events.map((e) => effects.get(e.id))).toEqual(
      events.map((e, i) => ({
        seen:
          (before.get(e.data.personId) ?? 0) +
          events.slice(0, i).filter((x) => x.data.personId === e.data.personId).length,
        echoed: e.id,
        noted: events.slice(0, i).filter((x) => x.data.personId === e.data.personId).length,
      })),
    );
    // The count was read once for the three first events, in one statement for the run.
    expect(
      sent.filter((text) => text.includes('CROSS JOIN LATERAL') && text.includes('effects')),
    ).toHaveLength(1);
  });

  it('writes the deferred rows of the whole run at its COMMIT, in one statement, none of an event refused', async () => {
    const [a, b, c, d] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const events = [started(a), started(b), started(c, '1999-01-01'), started(d)];
    const effects = await consumeAsOneRun(events);
    expect(events.map((e) => effects.get(e.id)?.seen)).toEqual([0, 0, undefined, 0]);
    const { rows } = await pool.query<{ person_id: string }>(
      'SELECT person_id FROM notes WHERE person_id = ANY($1::uuid[])',
      [[a, b, c, d]],
    );
    expect(rows.map((r) => r.person_id).sort()).toEqual([a, b, d].sort());
    expect(sent.filter((text) => text.includes('INSERT INTO notes'))).toHaveLength(1);
    const parked = await pool.query<{ reason: string }>(
      'SELECT reason FROM dead_letters WHERE event_id = $1',
      [events[2]?.id],
    );
    expect(parked.rows).toEqual([{ reason: 'rejected_by_handler' }]);
  });

  it("sends the rows left to the COMMIT before a person's later event reads, which sees them", async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const events = [started(a), started(b), started(a), started(a)];
    const effects = await consumeAsOneRun(events);
    // Each event of a saw the rows its earlier events deferred (read ahead, the first saw none).
    expect(events.map((e) => effects.get(e.id)?.noted)).toEqual([0, 0, 1, 2]);
    // Before each later event of a (two), and at the COMMIT.
    expect(sent.filter((text) => text.includes('INSERT INTO notes'))).toHaveLength(3);
  });

  /** Whether the run was applied one message at a time (the single-message inbox statement). */
  const oneByOne = () =>
    sent.some((text) => text.includes('INSERT INTO inbox') && text.includes('ON CONFLICT'));

  it('applies once an event already in the inbox, or delivered twice in the run, and writes the inbox rows at the COMMIT', async () => {
    const x = started(uuidv7());
    await consumeAsOneRun([x, started(uuidv7())]);
    sent.length = 0;
    const [a, b] = [uuidv7(), uuidv7()];
    const y = started(b);
    const events = [started(a), x, y, y];
    const effects = await consumeAsOneRun(events);
    expect(effects.size).toBe(3);
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM effects WHERE event_id = ANY($1::uuid[])',
      [[x.id, y.id]],
    );
    expect(rows[0]?.n).toBe(2);
    expect(oneByOne()).toBe(false);
    const inbox = await pool.query<{ event_id: string; outcome: string }>(
      'SELECT event_id, outcome FROM inbox WHERE event_id = ANY($1::uuid[]) ORDER BY event_id',
      [events.map((e) => e.id)],
    );
    expect(inbox.rows).toHaveLength(3);
  });

  it('redoes the run one by one when an event it applied was meanwhile applied elsewhere', async () => {
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()];
    const elsewhere = started(b, '1998-06-06');
    const events = [started(a), elsewhere, started(c)];
    const effects = await consumeAsOneRun(events);
    expect(oneByOne()).toBe(true);
    // Its effect is the other transaction's to make: none here, and the others' once.
    expect(events.map((e) => effects.get(e.id)?.seen)).toEqual([0, undefined, 0]);
  });

  it("runs an event's handler while PostgreSQL still runs the writes of the event before it", async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const events = [started(a, '1995-05-05'), started(b)];
    handlerStarts.length = 0;
    const holder = await pool.connect();
    let effects: ReturnType<typeof consumeAsOneRun> | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query('UPDATE gate SET n = n WHERE id = 1');
      effects = consumeAsOneRun(events);
      // Awaiting each event's savepoint, the second handler could not start before the first
      // event's write had run, and that write waits for this transaction.
      await waitFor(() => handlerStarts.includes(events[1]?.id ?? ''), {
        what: "the second event's handler started",
      });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    const applied = await effects;
    expect(events.map((e) => applied.get(e.id)?.seen)).toEqual([0, 0]);
    expect(oneByOne()).toBe(false);
  });

  it('redoes the run one by one when a write sent without waiting failed before an event was refused, and parks only the refused one', async () => {
    const [a, b, c, d] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const events = [started(a), started(b, '1997-07-07'), started(c, '1996-06-06'), started(d)];
    const effects = await consumeAsOneRun(events);
    // The refused event found the failure of the write before it: going back to its own
    // savepoint, never made in the aborted transaction, failed the run. Going back to the
    // savepoint before that write would have undone it and kept the event as applied.
    expect(oneByOne()).toBe(true);
    expect(events.map((e) => effects.get(e.id)?.seen)).toEqual([0, 0, undefined, 0]);
    const parked = await pool.query<{ event_id: string; reason: string }>(
      'SELECT event_id, reason FROM dead_letters WHERE event_id = ANY($1::uuid[])',
      [events.map((e) => e.id)],
    );
    expect(parked.rows).toEqual([{ event_id: events[2]?.id, reason: 'rejected_by_handler' }]);
  });

  it('reads ahead no further than an event whose handler names no scope', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const events = [started(a), ended(b), started(b), started(a)];
    const effects = await consumeAsOneRun(events);
    expect(events.map((e) => effects.get(e.id)?.seen)).toEqual([0, -1, 1, 1]);
  });
});
