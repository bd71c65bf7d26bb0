import type { Pool, PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Statement } from './transaction.ts';

/**
 * Where a dead letter stands: waiting for an operator, waiting behind one, waiting for a preceding
 * event of its own (tried again when its key moves, parked after a while), or done with.
 */
export type DeadLetterStatus = 'parked' | 'held' | 'awaiting' | 'replayed' | 'discarded';

/** Why a readable event was set aside without holding its key: an event it needs is not there yet. */
export const AWAITING_PRECEDING_EVENT = 'awaiting_preceding_event';

/** Why a valid message was stored instead of applied: an earlier one of its key is parked. */
export const HELD_BEHIND_PARKED = 'held_behind_parked';

/** A consumed message as it came off the broker, with where it came from. */
export interface SourceMessage {
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** '' when the message has no key. */
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: Buffer | null;
}

/** What is known of the event inside a message, when it could be read. */
export interface EventFacts {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly tenantId: string;
}

/** Why a message was not applied. */
export interface Failure {
  readonly reason: string;
  readonly detail: unknown;
}

/** One stored dead letter, as the store reads it. */
export interface DeadLetterRow {
  readonly seq: string;
  readonly id: string;
  readonly consumerGroup: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourceOffset: string;
  readonly messageKey: string;
  readonly headers: Record<string, string>;
  readonly value: Buffer | null;
  readonly reason: string;
  readonly detail: unknown;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly eventVersion: number | null;
  readonly eventTenantId: string | null;
  readonly status: DeadLetterStatus;
  readonly heldBehind: string | null;
  readonly parkedAt: Date;
  readonly attempts: number;
  readonly lastAttemptAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly resolvedBy: string | null;
  readonly resolution: unknown;
}

type Queryable = Pick<PoolClient, 'query'> | Pool;

/** The columns of a {@link DeadLetterRow}, for SELECTs of this package. */
export const COLUMNS = `seq::text AS seq, id, consumer_group AS "consumerGroup", source_topic AS "sourceTopic",
  source_partition AS "sourcePartition", source_offset::text AS "sourceOffset", message_key AS "messageKey",
  headers, value, reason, detail, event_id AS "eventId", event_type AS "eventType",
  event_version AS "eventVersion", event_tenant_id AS "eventTenantId", status, held_behind AS "heldBehind",
  parked_at AS "parkedAt", attempts, last_attempt_at AS "lastAttemptAt", resolved_at AS "resolvedAt",
  resolved_by AS "resolvedBy", resolution`;

/** The distinct non-empty keys among `keys` (a message without a key is never locked nor held). */
const distinctKeys = (keys: readonly string[]): string[] => [...new Set(keys)].filter((k) => k !== '');

/**
 * Serialises everything done to one key of one consumer group — applying a consumed message,
 * parking it, replaying a dead letter — until the transaction ends, so a replay and the
 * consumer never interleave on one person's events. An empty key serialises nothing.
 */
export const lockKey = async (tx: Queryable, consumerGroup: string, key: string): Promise<void> => {
  if (key === '') return;
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
    `relais:dead-letters:${consumerGroup}`,
    key,
  ]);
};

/** {@link lockKey} for several keys at once, in sorted order (two callers sharing keys never deadlock). */
export const lockKeys = async (
  tx: Queryable,
  consumerGroup: string,
  keys: readonly string[],
): Promise<void> => {
  const sorted = distinctKeys(keys).sort();
  if (sorted.length === 0) return;
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(hashtext($1), hashtext(k)))
       FROM (SELECT k FROM unnest($2::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n) AS keys`,
    [`relais:dead-letters:${consumerGroup}`, sorted],
  );
};

/**
 * {@link lockKey} for several keys in one statement, without waiting for a key another
 * transaction holds: which of them this transaction now holds. Keys locked past one that failed stay
 * locked until the transaction ends: a run stops at the first failed key and releases the rest
 * with its commit.
 */
export const tryLockKeys = async (
  tx: Queryable,
  consumerGroup: string,
  keys: readonly string[],
): Promise<Set<string>> => {
  const distinct = distinctKeys(keys);
  const locked = new Set<string>(keys.includes('') ? [''] : []);
  if (distinct.length === 0) return locked;
  const { rows } = await tx.query<{ key: string; locked: boolean }>(
    `SELECT k AS key, pg_try_advisory_xact_lock(hashtext($1), hashtext(k)) AS locked
       FROM unnest($2::text[]) AS u(k)`,
    [`relais:dead-letters:${consumerGroup}`, distinct],
  );
  for (const row of rows) if (row.locked) locked.add(row.key);
  return locked;
};

/**
 * The keys among `keys` that have a letter later messages of `topic` must wait behind (see
 * {@link firstOpenOfKey}), in one statement; the caller holds their locks, so none appears meanwhile.
 */
export const keysWithOpenLetters = async (
  tx: Queryable,
  consumerGroup: string,
  keys: readonly string[],
  topic: string,
): Promise<Set<string>> => {
  const distinct = distinctKeys(keys);
  if (distinct.length === 0) return new Set();
  const { rows } = await tx.query<{ key: string }>(
    `SELECT DISTINCT message_key AS key FROM dead_letters
      WHERE consumer_group = $1 AND message_key = ANY($2::text[]) AND ${OPEN_AHEAD('$3')}`,
    [consumerGroup, distinct, topic],
  );
  return new Set(rows.map((r) => r.key));
};

/**
 * The letters of `keys` set aside for a preceding event, each key's oldest first, locked for the
 * caller's transaction (which holds the keys' locks), with whether the key also has held letters.
 */
export const awaitingOfKeys = async (
  tx: Queryable,
  consumerGroup: string,
  keys: readonly string[],
): Promise<(DeadLetterRow & { keyHasHeld: boolean })[]> => {
  const distinct = distinctKeys(keys);
  if (distinct.length === 0) return [];
  const { rows } = await tx.query<DeadLetterRow & { keyHasHeld: boolean }>(
    `SELECT ${COLUMNS}, EXISTS (SELECT 1 FROM dead_letters h WHERE h.consumer_group = dead_letters.consumer_group
              AND h.message_key = dead_letters.message_key AND h.status = 'held') AS "keyHasHeld"
       FROM dead_letters
      WHERE consumer_group = $1 AND message_key = ANY($2::text[]) AND status = 'awaiting'
      ORDER BY message_key, dead_letters.seq FOR UPDATE OF dead_letters`,
    [consumerGroup, distinct],
  );
  return rows;
};

/** A letter that later messages of its key wait behind. */
export interface OpenLetter {
  readonly id: string;
  readonly seq: string;
  readonly status: DeadLetterStatus;
}

/** Which letters hold later messages of a topic: a parked one the whole key, a held or awaiting one its own topic. */
const OPEN_AHEAD = (topic: string) =>
  `(status = 'parked' OR (status IN ('held', 'awaiting') AND source_topic = ${topic}))`;

/**
 * The first dead letter of a key that later messages of `topic` must wait behind, if any: a
 * parked one, or a held or awaiting one of the same topic (so the key's next events on that topic
 * do not overtake it, while an awaited predecessor, on another topic, passes).
 */
export const firstOpenOfKey = async (
  tx: Queryable,
  consumerGroup: string,
  key: string,
  topic: string,
  before?: string,
): Promise<OpenLetter | undefined> => {
  if (key === '') return undefined;
  // A parked letter holds its whole key; a held or awaiting one only its own topic, so that what
  // an awaiting one needs (from another topic) passes, even behind a chain waiting for it.
  const { rows } = await tx.query<OpenLetter>(
    `SELECT id, seq::text AS seq, status FROM dead_letters
      WHERE consumer_group = $1 AND message_key = $2 AND ${OPEN_AHEAD('$3')}
        AND ($4::bigint IS NULL OR seq < $4)
      ORDER BY dead_letters.seq LIMIT 1`,
    [consumerGroup, key, topic, before ?? null],
  );
  return rows[0];
};

/**
 * {@link lockKey} then {@link firstOpenOfKey} as two statements, to be sent with a transaction's
 * BEGIN in one round trip (two fewer on every event consumed alone; the second statement takes
 * its snapshot once the lock is held, as a separate query would). None for a message without a
 * key, which {@link lockKey} does not lock and which has no letters to wait behind.
 */
export const lockAndFirstOpenStatements = (consumerGroup: string, key: string, topic: string): Statement[] =>
  key === ''
    ? []
    : [
        {
          text: 'SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))',
          values: [`relais:dead-letters:${consumerGroup}`, key],
        },
        {
          text: `SELECT id, seq::text AS seq, status FROM dead_letters
            WHERE consumer_group = $1 AND message_key = $2 AND ${OPEN_AHEAD('$3')}
            ORDER BY dead_letters.seq LIMIT 1`,
          values: [consumerGroup, key, topic],
        },
      ];

/** A stored dead letter as the topic announces it; `stored` is false for a redelivered message. */
export interface StoredLetter {
  readonly id: string;
  readonly status: DeadLetterStatus;
  readonly reason: string;
  readonly detail: unknown;
  readonly stored: boolean;
}

/**
 * Stores a message that was not applied: `parked` with its failure when nothing of its key is
 * waiting, else `held` behind the first waiting one (it keeps its own failure in `detail`).
 * Call under {@link lockKey}. A redelivered message inserts nothing and gets the row stored before.
 */
export const storeDeadLetter = async (
  tx: Queryable,
  message: SourceMessage,
  failure: Failure | null,
  event: EventFacts | undefined,
): Promise<StoredLetter> => {
  const existing = await tx.query<Omit<StoredLetter, 'stored'>>(
    `SELECT id, status, reason, detail FROM dead_letters
      WHERE consumer_group = $1 AND source_topic = $2 AND source_partition = $3 AND source_offset = $4`,
    [message.consumerGroup, message.topic, message.partition, message.offset],
  );
  const found = existing.rows[0];
  if (found) return { ...found, stored: false };
  const head = await firstOpenOfKey(tx, message.consumerGroup, message.key, message.topic);
  const status =
    head || !failure ? 'held' : failure.reason === AWAITING_PRECEDING_EVENT ? 'awaiting' : 'parked';
  const reason = status === 'held' ? HELD_BEHIND_PARKED : (failure?.reason ?? HELD_BEHIND_PARKED);
  const detail = status === 'held' ? { heldBehind: head?.id ?? null, failure } : failure?.detail;
  const id = uuidv7();
  const inserted = await tx.query(
    `INSERT INTO dead_letters (id, consumer_group, source_topic, source_partition, source_offset, message_key,
       headers, value, reason, detail, event_id, event_type, event_version, event_tenant_id, status, held_behind)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (consumer_group, source_topic, source_partition, source_offset) DO NOTHING`,
    [
      id,
      message.consumerGroup,
      message.topic,
      message.partition,
      message.offset,
      message.key,
      JSON.stringify(message.headers),
      message.value,
      reason,
      JSON.stringify(detail ?? null),
      event?.id ?? null,
      event?.type ?? null,
      event?.version ?? null,
      event?.tenantId ?? null,
      status,
      head?.id ?? null,
    ],
  );
  return { id, status, reason, detail: detail ?? null, stored: inserted.rowCount === 1 };
};

/** One dead letter by id, optionally locked for the caller's transaction. */
export const findDeadLetter = async (
  tx: Queryable,
  id: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<DeadLetterRow | undefined> => {
  const { rows } = await tx.query<DeadLetterRow>(
    `SELECT ${COLUMNS} FROM dead_letters WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
};

/** Marks a dead letter done with: replayed (applied or found already applied) or discarded. */
export const resolveDeadLetter = async (
  tx: Queryable,
  id: string,
  status: 'replayed' | 'discarded',
  by: string,
  resolution: unknown,
): Promise<void> => {
  await tx.query(
    `UPDATE dead_letters
        SET status = $2, resolved_at = clock_timestamp(), resolved_by = $3, resolution = $4,
            attempts = attempts + CASE WHEN $2 = 'replayed' THEN 1 ELSE 0 END,
            last_attempt_at = CASE WHEN $2 = 'replayed' THEN clock_timestamp() ELSE last_attempt_at END
      WHERE id = $1`,
    [id, status, by, JSON.stringify(resolution)],
  );
};

/**
 * Records a failed replay: the letter is (or becomes, when it was held) the parked head of its
 * key, with the new reason; the letters held behind it now wait for it.
 */
export const recordFailedAttempt = async (
  tx: Queryable,
  letter: Pick<DeadLetterRow, 'id' | 'consumerGroup' | 'messageKey' | 'seq'>,
  failure: Failure,
): Promise<void> => {
  await tx.query(
    `UPDATE dead_letters
        SET status = 'parked', reason = $2, detail = $3, held_behind = NULL,
            attempts = attempts + 1, last_attempt_at = clock_timestamp()
      WHERE id = $1`,
    [letter.id, failure.reason, JSON.stringify(failure.detail ?? null)],
  );
  if (letter.messageKey === '') return;
  await tx.query(
    `UPDATE dead_letters SET held_behind = $1
      WHERE consumer_group = $2 AND message_key = $3 AND status = 'held' AND seq > $4`,
    [letter.id, letter.consumerGroup, letter.messageKey, letter.seq],
  );
};

/** The letters of a key set aside for a preceding event, oldest first (call under {@link lockKey}). */
export const awaitingOfKey = async (
  tx: Queryable,
  consumerGroup: string,
  key: string,
): Promise<DeadLetterRow[]> => {
  if (key === '') return [];
  const { rows } = await tx.query<DeadLetterRow>(
    `SELECT ${COLUMNS} FROM dead_letters
      WHERE consumer_group = $1 AND message_key = $2 AND status = 'awaiting' ORDER BY dead_letters.seq`,
    [consumerGroup, key],
  );
  return rows;
};

/**
 * Counts one more try of a letter whose preceding event is still missing. A held letter given
 * `failure` becomes `awaiting` from now (it stops holding its key; its wait starts again).
 */
export const recordStillAwaiting = async (tx: Queryable, id: string, failure?: Failure): Promise<void> => {
  await tx.query(
    `UPDATE dead_letters
        SET attempts = attempts + 1, last_attempt_at = clock_timestamp(),
            status = CASE WHEN $2::text IS NULL THEN status ELSE 'awaiting' END,
            reason = COALESCE($2, reason), detail = CASE WHEN $2::text IS NULL THEN detail ELSE $3::jsonb END,
            held_behind = CASE WHEN $2::text IS NULL THEN held_behind ELSE NULL END,
            parked_at = CASE WHEN $2::text IS NULL THEN parked_at ELSE clock_timestamp() END,
            park_once_read = CASE WHEN $2::text IS NULL THEN park_once_read ELSE NULL END
      WHERE id = $1`,
    [id, failure?.reason ?? null, JSON.stringify(failure?.detail ?? null)],
  );
};

/** Log end offsets per topic and partition: `{ "topic": { "0": "1234" } }` (next offset to be written or read). */
export type LogPositions = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** True when `read` (a group's committed offsets) has reached `end` on every partition of `end`. */
export const hasRead = (read: LogPositions, end: LogPositions): boolean =>
  Object.entries(end).every(([topic, partitions]) =>
    Object.entries(partitions).every(
      ([partition, offset]) => BigInt(read[topic]?.[partition] ?? '0') >= BigInt(offset),
    ),
  );

/**
 * Letters of a group whose wait for a preceding event is over: those just over it get `logEnd()`
 * — where the group's topics end now — as the point the group must read up to before they are
 * parked (the awaited event may be queued behind a backlog); all are returned with that point.
 * `logEnd` is only called when some letter needs it.
 */
export const overdueAwaiting = async (
  tx: Queryable,
  consumerGroup: string,
  olderThanMs: number,
  logEnd: () => Promise<LogPositions>,
): Promise<{ id: string; key: string; parkOnceRead: LogPositions }[]> => {
  const overdue = `consumer_group = $1 AND status = 'awaiting'
    AND parked_at < clock_timestamp() - make_interval(secs => $2::float8 / 1000)`;
  const fresh = await tx.query(
    `SELECT 1 FROM dead_letters WHERE ${overdue} AND park_once_read IS NULL LIMIT 1`,
    [consumerGroup, olderThanMs],
  );
  if (fresh.rowCount)
    await tx.query(
      `UPDATE dead_letters SET park_once_read = $3 WHERE ${overdue} AND park_once_read IS NULL`,
      [consumerGroup, olderThanMs, JSON.stringify(await logEnd())],
    );
  const { rows } = await tx.query<{ id: string; key: string; parkOnceRead: LogPositions }>(
    `SELECT id, message_key AS key, park_once_read AS "parkOnceRead" FROM dead_letters
      WHERE ${overdue} AND park_once_read IS NOT NULL ORDER BY seq`,
    [consumerGroup, olderThanMs],
  );
  return rows;
};

/**
 * Parks the given set-aside letters that still await: now they hold their key and wait for the
 * operator. Each is returned once, whichever instance asks.
 */
export const parkAwaiting = async (
  tx: Queryable,
  consumerGroup: string,
  ids: readonly string[],
): Promise<DeadLetterRow[]> => {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<DeadLetterRow>(
    `UPDATE dead_letters SET status = 'parked', reason = 'rejected_by_handler'
      WHERE id IN (SELECT id FROM dead_letters
                    WHERE consumer_group = $1 AND status = 'awaiting' AND id = ANY($2::uuid[])
                    FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [consumerGroup, ids],
  );
  return rows;
};

/**
 * The keys with letters awaiting their preceding event that nobody tried for a while: `olderThanMs`
 * after the first try, doubling with each try up to a minute. The try that matters comes when an
 * event of the key is applied; this one only catches a missed moment, and behind a backlog of
 * thousands of set-aside events (a replay) retrying them all every 2 s was most of the work.
 */
export const staleAwaitingKeys = async (
  tx: Queryable,
  consumerGroup: string,
  olderThanMs: number,
): Promise<string[]> => {
  const { rows } = await tx.query<{ key: string }>(
    `SELECT DISTINCT message_key AS key FROM dead_letters
      WHERE consumer_group = $1 AND status = 'awaiting'
        AND COALESCE(last_attempt_at, parked_at) < clock_timestamp()
              - make_interval(secs => LEAST(60, $2::float8 / 1000 * power(2, LEAST(attempts, 10))))`,
    [consumerGroup, olderThanMs],
  );
  return rows.map((r) => r.key);
};

/** Keys of a group with a held letter that nothing is in front of any more (no parked one, no held or awaiting one of its topic). */
export const orphanHeldKeys = async (tx: Queryable, consumerGroup: string): Promise<string[]> => {
  const { rows } = await tx.query<{ key: string }>(
    `SELECT DISTINCT h.message_key AS key FROM dead_letters h
      WHERE h.consumer_group = $1 AND h.status = 'held'
        AND NOT EXISTS (
          SELECT 1 FROM dead_letters p
           WHERE p.consumer_group = h.consumer_group AND p.message_key = h.message_key AND p.seq < h.seq
             AND (p.status = 'parked' OR (p.status IN ('held', 'awaiting') AND p.source_topic = h.source_topic)))`,
    [consumerGroup],
  );
  return rows.map((r) => r.key);
};
