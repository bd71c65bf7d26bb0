import {
  ALL_TOPICS,
  buildEvent,
  DEAD_LETTER_TOPICS,
  PlacementStartedV1,
  TOPICS,
  topicName,
} from '@relais/contracts';
import {
  createInboxConsumer,
  createKafka,
  createPublisher,
  ensureTopics,
  lockAndFirstOpenStatements,
  on,
  type DeadLetterDesk,
  type InboxConsumer,
  type Publisher,
  writeDeferred,
} from '@relais/messaging';
import { migrate } from '@relais/service-kit';
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
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000dd';
const operator = '0190a000-0000-7000-8000-00000000face';
const logger = pino({ level: 'silent' });
const brokers = inject('kafkaBrokers');
const prefix = uniquePrefix('dead-letters');
const groupId = `${prefix}consumer`;
const kafka = createKafka({ brokers, clientId: 'dead-letters-test', logger });
const raw = testKafka(brokers);
let registry: Registry;
let db: TestDatabase;
let pool: pg.Pool;
let publisher: Publisher;
let consumer: InboxConsumer;
let desk: DeadLetterDesk;

class Rejected extends Error {
  readonly code = 'START_REFUSED';
}

/** An event this one needs has not arrived (it travels on another topic). */
class NotYet extends Error {
  readonly code = 'PRECEDING_EVENT_MISSING';
}

/** Start dates that drive the test handler: refused by the domain, a fact already applied, or one waiting for a predecessor. */
const REFUSED = '1999-01-01';
const ALREADY_APPLIED = '2000-01-01';
const AWAITING = '1998-01-01';
/** Handled slowly (a backlog builds behind it), and one that brings what its person's set-aside event awaits. */
const SLOW = '1997-01-01';
const BRINGS = '1996-01-01';
/** Waits for the row the event that brings it leaves to the end of its transaction (a deferred row). */
const AWAITING_ROW = '1995-01-01';
/** Keys whose awaited predecessor has arrived. */
const arrived = new Set<string>();
const WAIT_MS = 1500;

const started = (key: string, startDate = '2026-03-02', personId = key) =>
  buildEvent(PlacementStartedV1, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId: key,
    correlationId: uuidv7(),
    causationId: null,
    data: { placementId: key, personId, hostEmployerId: uuidv7(), startDate },
  });

const handlers = [
  on(PlacementStartedV1, async (tx, event) => {
    if (event.data.startDate === REFUSED) throw new Rejected('start date refused by the domain');
    if (event.data.startDate === ALREADY_APPLIED) return { ignored: 'placement already started' };
    if (event.data.startDate === SLOW) await new Promise((resolve) => setTimeout(resolve, 3 * WAIT_MS));
    if (event.data.startDate === BRINGS) {
      arrived.add(event.data.personId);
      await writeDeferred(tx, { table: 'brought', columns: ['key'], values: [event.data.personId] });
    }
    if (
      event.data.startDate === AWAITING_ROW &&
      (await tx.query('SELECT 1 FROM brought WHERE key = $1', [event.aggregateId])).rowCount === 0
    )
      throw new NotYet('what this refers to has not arrived');
    if (event.data.startDate === AWAITING && !arrived.has(event.aggregateId))
      throw new NotYet('the placement this refers to has not arrived');
    await tx.query('INSERT INTO effects (event_id, aggregate_id) VALUES ($1, $2)', [
      event.id,
      event.aggregateId,
    ]);
    return undefined;
  }),
];

const produce = async (key: string | null, values: (string | Buffer | null)[]) => {
  const producer = raw.producer();
  await producer.connect();
  await producer.send({
    topic: topicName(TOPICS.placement, prefix),
    messages: values.map((value) => ({ key, value })),
  });
  await producer.disconnect();
};

const effectsOf = async (key: string) =>
  (
    await pool.query<{ event_id: string }>(
      'SELECT event_id FROM effects WHERE aggregate_id = $1 ORDER BY seq',
      [key],
    )
  ).rows.map((r) => r.event_id);

interface Letter {
  id: string;
  status: string;
  reason: string;
  value: Buffer | null;
  event_id: string | null;
  held_behind: string | null;
  attempts: number;
  detail: unknown;
}

const lettersOf = async (key: string) =>
  (
    await pool.query<Letter>(
      'SELECT id, status, reason, value, event_id, held_behind, attempts, detail FROM dead_letters WHERE message_key = $1 ORDER BY seq',
      [key],
    )
  ).rows;

const waitForLetters = (key: string, n: number) =>
  waitFor(
    async () => {
      const rows = await lettersOf(key);
      return rows.length >= n ? rows : undefined;
    },
    { what: `${String(n)} dead letters of ${key}` },
  );

const startConsumer = async () => {
  registry = new Registry();
  consumer = createInboxConsumer({
    kafka,
    groupId,
    topics: [topicName(TOPICS.placement, prefix)],
    deadLetterTopic: topicName(DEAD_LETTER_TOPICS.placement, prefix),
    pool,
    publisher,
    handlers,
    logger,
    registry,
    isPermanentError: (error) => error instanceof Rejected,
    isWaitingError: (error) => error instanceof NotYet,
    waitForPrecedingMs: WAIT_MS,
    retry: { initialMs: 10, maxMs: 50 },
    maxMessageBytes: 4096,
  });
  desk = consumer.deadLetters;
  await consumer.start();
};

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'dead_letters');
  // The platform tables every service has: outbox, inbox, and the service kit's (the consumer
  // stores what it dead-letters in `dead_letters`).
  await migrate({ databaseUrl: db.url, logger });
  pool = new pg.Pool({ connectionString: db.url, max: 6 });
  // `txid`: the top-level transaction of each effect (xmin would be each savepoint's own).
  await pool.query(
    'CREATE TABLE effects (seq bigserial, event_id uuid UNIQUE, aggregate_id text, txid bigint DEFAULT txid_current())',
  );
  await pool.query('CREATE TABLE brought (key text NOT NULL)');
  await ensureTopics(kafka, ALL_TOPICS, prefix);
  publisher = createPublisher(kafka);
  await publisher.connect();
  await startConsumer();
});

afterAll(async () => {
  await consumer.stop();
  await publisher.disconnect();
  await pool.end();
  await db.drop();
});

describe('dead letters', () => {
  it('sets aside an event that needs one not there yet, keeps its topic’s order behind it, applies it once that one is there, and parks it when it never comes', async () => {
    const [late, never, after] = [uuidv7(), uuidv7(), uuidv7()];
    const needsMore = started(late, AWAITING);
    await produce(late, [JSON.stringify(needsMore)]);
    const [aside] = await waitForLetters(late, 1);
    expect(aside).toMatchObject({
      status: 'awaiting',
      reason: 'awaiting_preceding_event',
      detail: { code: 'PRECEDING_EVENT_MISSING' },
    });
    // Here the next event of the key comes on the same topic: it waits behind the set-aside one
    // (a key's events of one topic keep their order). Once what it awaited is there, the last try
    // before parking applies it, and the one behind follows. (An awaited event from another topic
    // passes at once and takes the set-aside one with it: income-continuity's tests.)
    arrived.add(late);
    const behind = started(late);
    await produce(late, [JSON.stringify(behind)]);
    await waitFor(async () => ((await effectsOf(late)).length === 2 ? true : undefined), {
      what: 'the set-aside event, then the one behind it',
    });
    expect(await effectsOf(late)).toEqual([needsMore.id, behind.id]);
    expect((await lettersOf(late)).map((l) => [l.status, l.event_id])).toEqual([
      ['replayed', needsMore.id],
      ['replayed', behind.id],
    ]);

    const poison = started(never, AWAITING);
    const sentAt = Date.now();
    await produce(never, [JSON.stringify(poison)]);
    const parked = await waitFor(async () => (await lettersOf(never)).find((l) => l.status === 'parked'), {
      what: 'the set-aside event parked after the wait',
    });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(WAIT_MS);
    expect(parked).toMatchObject({
      reason: 'rejected_by_handler',
      event_id: poison.id,
      detail: { code: 'PRECEDING_EVENT_MISSING' },
    });
    expect(await effectsOf(never)).toEqual([]);
    const next = started(after);
    await produce(after, [JSON.stringify(next)]);
    await waitFor(async () => ((await effectsOf(after)).length > 0 ? true : undefined), {
      what: 'the consumer going on',
    });
    // An operator's replay while it is still missing leaves it parked; once there, it applies.
    expect((await desk.replay(parked.id, { by: operator }))?.result).toBe('failed');
    arrived.add(never);
    expect((await desk.replay(parked.id, { by: operator }))?.result).toBe('replayed');
    expect(await effectsOf(never)).toEqual([poison.id]);
  });

  it('does not park a set-aside event past its wait while the group still reads what was queued by then', async () => {
    const [late, busy] = [uuidv7(), uuidv7()];
    await produce(late, [JSON.stringify(started(late, AWAITING))]);
    const [aside] = await waitForLetters(late, 1);
    expect(aside?.status).toBe('awaiting');
    // A backlog: a slow event (three times the wait), and behind it, on the same partition, the
    // one bringing what `late` awaits. The wait ends while the group is still reading them.
    const slow = started(busy, SLOW);
    await produce(busy, [JSON.stringify(slow), JSON.stringify(started(busy, BRINGS, late))]);
    await waitFor(async () => ((await effectsOf(late)).length === 1 ? true : undefined), {
      what: 'the set-aside event applied once the backlog was read',
      timeoutMs: 30_000,
    });
    expect((await lettersOf(late)).map((l) => l.status)).toEqual(['replayed']);
    expect(await effectsOf(busy)).toHaveLength(2);
  });

  it('parks every kind of bad message whole, with its reason, once however often it is delivered', async () => {
    const keys = Array.from({ length: 7 }, () => uuidv7());
    const [malformed, badEnvelope, unknownType, invalidData, tooLarge, refused, valid] = keys as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const sent: Record<string, string> = {
      [malformed]: '{"oops',
      [badEnvelope]: JSON.stringify({ ...started(badEnvelope), tenantId: 'nobody' }),
      [unknownType]: JSON.stringify({ ...started(unknownType), type: 'PlacementTeleported' }),
      [invalidData]: JSON.stringify({ ...started(invalidData), data: { placementId: 'not-a-uuid' } }),
      [tooLarge]: JSON.stringify({ ...started(tooLarge), padding: 'x'.repeat(5000) }),
      [refused]: JSON.stringify(started(refused, REFUSED)),
    };
    for (const [key, value] of Object.entries(sent)) await produce(key, [value]);
    await produce(null, [null]);
    const event = started(valid);
    await produce(valid, [JSON.stringify(event)]);
    await waitFor(async () => (await effectsOf(valid)).length === 1, {
      what: 'the valid event after the bad ones',
    });

    const reasons: Record<string, string> = {};
    for (const [key, value] of Object.entries(sent)) {
      const [letter, ...more] = await waitForLetters(key, 1);
      expect(more).toEqual([]);
      expect(letter?.status).toBe('parked');
      expect(letter?.value?.toString('utf8')).toBe(value);
      reasons[key] = letter?.reason ?? '';
    }
    expect(reasons).toEqual({
      [malformed]: 'malformed_json',
      [badEnvelope]: 'invalid_envelope',
      [unknownType]: 'unknown_event_type',
      [invalidData]: 'invalid_data',
      [tooLarge]: 'message_too_large',
      [refused]: 'rejected_by_handler',
    });
    // The empty message has no key: it may sit on another partition than the valid event.
    const empty = await waitFor(
      async () => {
        const { rows } = await pool.query<Letter>(
          "SELECT status, reason, value FROM dead_letters WHERE message_key = '' AND consumer_group = $1",
          [groupId],
        );
        return rows.length > 0 ? rows : undefined;
      },
      { what: 'the empty message parked' },
    );
    expect(empty).toEqual([{ status: 'parked', reason: 'empty_message', value: null }]);
    const refusedLetter = (await lettersOf(refused))[0];
    expect(refusedLetter?.detail).toMatchObject({ code: 'START_REFUSED' });
    expect(refusedLetter?.event_id).toBe((JSON.parse(sent[refused] ?? '{}') as { id: string }).id);
    expect((await lettersOf(tooLarge))[0]?.event_id).toBeNull();

    const onTopic = await readTopic(raw, DEAD_LETTER_TOPICS.placement, prefix);
    const ids = new Set(onTopic.map((m) => m.headers['dlq-dead-letter-id']));
    for (const key of Object.keys(sent)) expect(ids.has((await lettersOf(key))[0]?.id)).toBe(true);

    // Redelivery: the group reads its topic again from the start; nothing is stored or applied twice.
    const before = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dead_letters');
    await consumer.stop();
    const admin = raw.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic: topicName(TOPICS.placement, prefix), earliest: true });
    await admin.disconnect();
    await startConsumer();
    const marker = started(valid);
    await produce(valid, [JSON.stringify(marker)]);
    await waitFor(async () => (await effectsOf(valid)).length === 2, {
      what: 'the marker after the redelivery',
    });
    expect(await effectsOf(valid)).toEqual([event.id, marker.id]);
    const after = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dead_letters');
    expect(after.rows).toEqual(before.rows);
  });

  it('applies a backlog of one partition in shared transactions, each message still on its own: refused parked, awaiting set aside, the rest once', async () => {
    const key = uuidv7();
    const good = Array.from({ length: 40 }, () => started(key));
    const refused = started(key, REFUSED);
    // One key, so one partition, in this order: 20 good, a refusal, 20 good. Behind the refusal
    // the key is parked, so the last 20 are held; discarding it releases them in order.
    const sent = [...good.slice(0, 20), refused, ...good.slice(20)];
    await produce(
      key,
      sent.map((e) => JSON.stringify(e)),
    );
    const letters = await waitForLetters(key, 21);
    expect(letters[0]).toMatchObject({ status: 'parked', event_id: refused.id });
    expect(letters.slice(1).every((l) => l.status === 'held')).toBe(true);
    expect(await effectsOf(key)).toEqual(good.slice(0, 20).map((e) => e.id));
    const { rows } = await pool.query<{ transactions: number }>(
      'SELECT count(DISTINCT txid)::int AS transactions FROM effects WHERE aggregate_id = $1',
      [key],
    );
    // Fewer transactions than events: the 20 were read as one batch and applied in chunks.
    expect(rows[0]?.transactions).toBeLessThan(20);
    await desk.discard(letters[0]?.id ?? '', { by: operator, reason: 'refused on purpose' });
    await waitFor(async () => ((await effectsOf(key)).length === 40 ? true : undefined), {
      what: 'the held events released',
    });
    expect(await effectsOf(key)).toEqual(good.map((e) => e.id));
  });

  it('holds later events of a parked key while other keys go on, and releases them in order after the fix', async () => {
    const [person, other] = [uuidv7(), uuidv7()];
    const refused = started(person, REFUSED);
    const [a, b] = [started(person), started(person)];
    await produce(person, [JSON.stringify(refused), JSON.stringify(a), JSON.stringify(b)]);
    const otherEvent = started(other);
    await produce(other, [JSON.stringify(otherEvent)]);
    await waitFor(async () => (await effectsOf(other)).length === 1, { what: 'the other key applied' });
    const letters = await waitForLetters(person, 3);
    expect(letters.map((l) => [l.status, l.reason, l.event_id, l.held_behind])).toEqual([
      ['parked', 'rejected_by_handler', refused.id, null],
      ['held', 'held_behind_parked', a.id, letters[0]?.id],
      ['held', 'held_behind_parked', b.id, letters[0]?.id],
    ]);
    expect(await effectsOf(person)).toEqual([]);

    const fixed = { ...refused, data: { ...refused.data, startDate: '2026-03-09' } };
    const result = await desk.replay(letters[0]?.id ?? '', { by: operator, value: fixed });
    expect(result).toMatchObject({ result: 'replayed', outcome: 'applied' });
    expect(result?.released.map((r) => [r.id, r.result])).toEqual([
      [letters[1]?.id, 'replayed'],
      [letters[2]?.id, 'replayed'],
    ]);
    expect(await effectsOf(person)).toEqual([refused.id, a.id, b.id]);
    const stored = await desk.get(letters[0]?.id ?? '');
    expect(stored).toMatchObject({ status: 'replayed', resolvedBy: operator, payload: { encoding: 'utf8' } });
    expect(stored?.payload?.data).toBe(JSON.stringify(refused));
    expect(stored?.resolution).toMatchObject({ outcome: 'applied', corrected: true });

    const next = started(person);
    await produce(person, [JSON.stringify(next)]);
    await waitFor(async () => (await effectsOf(person)).length === 4, {
      what: 'the next event applied directly',
    });
    expect(await lettersOf(person)).toHaveLength(3);
  });

  it('discarding releases the held ones in order and stops at the first that fails, which becomes parked', async () => {
    const person = uuidv7();
    const refused = started(person, REFUSED);
    const [y, w] = [started(person), started(person)];
    await produce(person, [JSON.stringify(refused), JSON.stringify(y), '{"broken', JSON.stringify(w)]);
    const letters = await waitForLetters(person, 4);
    expect(letters.map((l) => l.status)).toEqual(['parked', 'held', 'held', 'held']);
    expect(letters[2]?.detail).toMatchObject({ failure: { reason: 'malformed_json' } });

    const discarded = await desk.discard(letters[0]?.id ?? '', { by: operator, reason: 'sent by mistake' });
    expect(discarded).toMatchObject({ result: 'discarded', status: 'discarded' });
    expect(discarded?.released.map((r) => [r.result, r.reason])).toEqual([
      ['replayed', undefined],
      ['failed', 'malformed_json'],
    ]);
    expect(await effectsOf(person)).toEqual([y.id]);
    const now = await lettersOf(person);
    expect(now.map((l) => [l.status, l.held_behind])).toEqual([
      ['discarded', null],
      ['replayed', letters[0]?.id],
      ['parked', null],
      ['held', letters[2]?.id],
    ]);
    expect(await desk.replay(letters[3]?.id ?? '', { by: operator })).toMatchObject({ result: 'waiting' });

    const fixedW = await desk.discard(letters[2]?.id ?? '', { by: operator, reason: 'unreadable' });
    expect(fixedW?.released.map((r) => r.result)).toEqual(['replayed']);
    expect(await effectsOf(person)).toEqual([y.id, w.id]);
  });

  it('applies a replay once: twice at once, again later, or after a discard', async () => {
    const person = uuidv7();
    const refused = started(person, REFUSED);
    await produce(person, [JSON.stringify(refused)]);
    const [letter] = await waitForLetters(person, 1);
    const id = letter?.id ?? '';

    const failed = await desk.replay(id, { by: operator });
    expect(failed).toMatchObject({ result: 'failed', status: 'parked', reason: 'rejected_by_handler' });
    expect((await lettersOf(person))[0]).toMatchObject({ status: 'parked', attempts: 1 });

    const fixed = { ...refused, data: { ...refused.data, startDate: '2026-04-01' } };
    const both = await Promise.all([
      desk.replay(id, { by: operator, value: fixed }),
      desk.replay(id, { by: operator, value: fixed }),
    ]);
    expect(both.map((r) => r?.result).sort()).toEqual(['replayed', 'unchanged']);
    expect(await desk.replay(id, { by: operator, value: fixed })).toMatchObject({
      result: 'unchanged',
      status: 'replayed',
    });
    expect(await desk.discard(id, { by: operator, reason: 'late' })).toMatchObject({ result: 'unchanged' });
    expect(await effectsOf(person)).toEqual([refused.id]);
    expect(await desk.replay(uuidv7(), { by: operator })).toBeUndefined();

    const all = await desk.replayAll({ by: operator, reason: 'rejected_by_handler' });
    expect(all.results.every((r) => r.result === 'failed')).toBe(true);
    expect(await effectsOf(person)).toEqual([refused.id]);
  });

  it('records an event whose fact was already applied under another id as an ignored duplicate', async () => {
    const person = uuidv7();
    const reEmitted = started(person, ALREADY_APPLIED);
    await produce(person, [JSON.stringify(reEmitted)]);
    const row = await waitFor(async () => {
      const { rows } = await pool.query<{ outcome: string; note: string }>(
        'SELECT outcome, note FROM inbox WHERE event_id = $1',
        [reEmitted.id],
      );
      return rows[0];
    });
    expect(row).toEqual({ outcome: 'ignored_duplicate', note: 'placement already started' });
    expect(await effectsOf(person)).toEqual([]);
    expect(await registry.getSingleMetricAsString('relais_consumer_events_total')).toMatch(
      /outcome="ignored_duplicate"\} 1/,
    );
  });

  it('lists dead letters by status and reason, a page at a time', async () => {
    const first = await desk.list({ status: 'parked', limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.last).not.toBeNull();
    const second = await desk.list({ status: 'parked', limit: 100, after: first.last?.seq ?? '' });
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...first.items, ...second.items].every((i) => i.status === 'parked')).toBe(true);
    const malformed = await desk.list({ reason: 'malformed_json', limit: 100 });
    expect(malformed.items.length).toBeGreaterThan(0);
    expect(malformed.items.every((i) => i.reason === 'malformed_json')).toBe(true);
  });
});

describe('a run of messages in one transaction', () => {
  // Topics of their own: the file's consumer reads nothing of them.
  const runPrefix = uniquePrefix('dead-letter-runs');
  const runGroup = `${runPrefix}consumer`;
  const placements = topicName(TOPICS.placement, runPrefix);
  const trials = topicName(TOPICS.trialPeriod, runPrefix);
  let runs: InboxConsumer;

  /** Sends every value to partition 0 of `topic`, in order, each with its key. */
  const sendToPartition0 = async (topic: string, events: { key: string; value: unknown }[]) => {
    const producer = raw.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: events.map((e) => ({ key: e.key, value: JSON.stringify(e.value), partition: 0 })),
    });
    await producer.disconnect();
  };
  const txidsOf = async (keys: readonly string[]) =>
    (
      await pool.query<{ aggregate_id: string; txid: string }>(
        'SELECT aggregate_id, txid::text FROM effects WHERE aggregate_id = ANY($1) ORDER BY seq',
        [keys],
      )
    ).rows;

  beforeAll(async () => {
    await ensureTopics(kafka, ALL_TOPICS, runPrefix);
    runs = createInboxConsumer({
      kafka,
      groupId: runGroup,
      topics: [placements, trials],
      deadLetterTopic: topicName(DEAD_LETTER_TOPICS.placement, runPrefix),
      pool,
      publisher,
      handlers,
      logger,
      isPermanentError: (error) => error instanceof Rejected,
      isWaitingError: (error) => error instanceof NotYet,
      waitForPrecedingMs: 60_000,
      retry: { initialMs: 10, maxMs: 50 },
    });
    await runs.start();
  });

  afterAll(async () => {
    await runs.stop();
  });

  /**
   * Runs `meanwhile` while another transaction holds `key` as lockKey takes it (the sweep, an
   * operator's replay), then lets it go.
   */
  const whileKeyHeld = async (key: string, meanwhile: () => Promise<void>) => {
    const other = await pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
        `relais:dead-letters:${runGroup}`,
        key,
      ]);
      await meanwhile();
    } finally {
      await other.query('ROLLBACK');
      other.release();
    }
  };

  it('ends before a key another transaction holds, and applies it and what follows once that one ends', async () => {
    const keys = Array.from({ length: 5 }, () => uuidv7());
    const [a, b, busy, c, d] = keys as [string, string, string, string, string];
    await whileKeyHeld(busy, async () => {
      await sendToPartition0(
        placements,
        keys.map((key) => ({ key, value: started(key) })),
      );
      await waitFor(async () => ((await txidsOf([a, b])).length === 2 ? true : undefined), {
        what: 'the messages before the busy key applied',
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Nothing of the busy key, nor behind it on its partition, while it is held.
      expect((await txidsOf([busy, c, d])).length).toBe(0);
    });
    await waitFor(async () => ((await txidsOf(keys)).length === 5 ? true : undefined), {
      what: 'the rest applied once the key was free',
    });
    const rows = await txidsOf(keys);
    expect(rows.map((r) => r.aggregate_id)).toEqual(keys);
    // The first two in one transaction (one run); the rest after the key was released.
    expect(rows[0]?.txid).toBe(rows[1]?.txid);
    expect(rows[2]?.txid).not.toBe(rows[0]?.txid);
  });

  it('applies a message alone under its key’s lock too, taken with BEGIN: it waits while another transaction holds the key', async () => {
    const busy = uuidv7();
    await whileKeyHeld(busy, async () => {
      await sendToPartition0(placements, [{ key: busy, value: started(busy) }]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await txidsOf([busy])).toEqual([]);
    });
    await waitFor(async () => ((await txidsOf([busy])).length === 1 ? true : undefined), {
      what: 'the message applied once the key was free',
    });
  });

  it('sends the key lock and open-letter check with BEGIN as parameterised statements, none for a message without a key', () => {
    const key = "x'); DROP TABLE inbox; --";
    const statements = lockAndFirstOpenStatements('group-1', key, 'relais.placement.v1');
    expect(statements.map((st) => st.text).join(' ')).not.toContain('DROP');
    expect(statements.map((st) => st.values)).toEqual([
      ['relais:dead-letters:group-1', key],
      ['group-1', key, 'relais.placement.v1'],
    ]);
    expect(lockAndFirstOpenStatements('group-1', '', 'relais.placement.v1')).toEqual([]);
  });

  /** Events set aside for their key's event, then those events in one run: each applied in that run's transaction. */
  const appliedInTheRunOfWhatTheyAwait = async (awaiting: string) => {
    const keys = Array.from({ length: 10 }, () => uuidv7());
    const waiting = keys.map((key) => started(key, awaiting));
    // The trial topic read ahead of the placement topic: each waits for its key's event.
    await sendToPartition0(
      trials,
      waiting.map((value, i) => ({ key: keys[i] ?? '', value })),
    );
    await waitFor(
      async () => {
        const { rows } = await pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM dead_letters WHERE consumer_group = $1 AND status = 'awaiting' AND message_key = ANY($2)",
          [runGroup, keys],
        );
        return rows[0]?.n === keys.length ? true : undefined;
      },
      { what: 'every event set aside' },
    );
    const bringing = keys.map((key) => started(key, BRINGS));
    await sendToPartition0(
      placements,
      bringing.map((value, i) => ({ key: keys[i] ?? '', value })),
    );
    await waitFor(async () => ((await txidsOf(keys)).length === 20 ? true : undefined), {
      what: 'each awaited event and what awaited it applied',
    });
    const { rows } = await pool.query<{ event_id: string; txid: string }>(
      'SELECT event_id, txid::text FROM effects WHERE aggregate_id = ANY($1)',
      [keys],
    );
    const txid = new Map(rows.map((r) => [r.event_id, r.txid]));
    for (const [i, event] of waiting.entries())
      expect(txid.get(event.id), `the set-aside event of key ${String(i)}`).toBe(
        txid.get(bringing[i]?.id ?? ''),
      );
    const { rows: letters } = await pool.query<{ status: string }>(
      'SELECT status FROM dead_letters WHERE consumer_group = $1 AND message_key = ANY($2)',
      [runGroup, keys],
    );
    expect(letters.map((l) => l.status)).toEqual(keys.map(() => 'replayed'));
  };

  it('applies what awaited an event of its keys in the very transaction of the run that applied that event', async () => {
    await appliedInTheRunOfWhatTheyAwait(AWAITING);
  });

  it('gives what awaited an event the rows that event left to the end of the run, before it is tried again there', async () => {
    // What waits reads the row its awaited event deferred: not yet written, it would stay set aside.
    await appliedInTheRunOfWhatTheyAwait(AWAITING_ROW);
  });
});
