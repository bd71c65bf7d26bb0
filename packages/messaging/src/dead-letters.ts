import type { Pool } from 'pg';
import type { Logger } from 'pino';
import {
  awaitingFailure,
  rejectionOf,
  type ApplyOutcome,
  type EventApplier,
  type ReadResult,
} from './apply.ts';
import {
  COLUMNS,
  findDeadLetter,
  firstOpenOfKey,
  lockKey,
  recordFailedAttempt,
  recordStillAwaiting,
  awaitingOfKey,
  awaitingOfKeys,
  resolveDeadLetter,
  type DeadLetterRow,
  type DeadLetterStatus,
  type Failure,
} from './dead-letter-store.ts';
import { NO_TENANT, withTenantTransaction, type Tx } from './transaction.ts';
import { sendDeferred } from './unit-of-work.ts';

/** A dead letter as an operator lists it (no payload). */
export interface DeadLetterSummary {
  readonly id: string;
  readonly consumerGroup: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourceOffset: string;
  readonly key: string;
  readonly status: DeadLetterStatus;
  readonly reason: string;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly eventVersion: number | null;
  readonly eventTenantId: string | null;
  readonly heldBehind: string | null;
  readonly parkedAt: string;
  readonly attempts: number;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
}

/** One dead letter with everything kept: headers, the failure's detail and the payload. */
export interface DeadLetterView extends DeadLetterSummary {
  readonly headers: Record<string, string>;
  readonly detail: unknown;
  readonly resolution: unknown;
  readonly lastAttemptAt: string | null;
  /** The message value as text when it is UTF-8, else base64; `null` for a message without one. */
  readonly payload: {
    readonly encoding: 'utf8' | 'base64';
    readonly data: string;
    readonly bytes: number;
  } | null;
}

/** Which dead letters to list, oldest first, after the `after` position (`seq`) of a previous page. */
export interface DeadLetterFilter {
  readonly status?: DeadLetterStatus;
  readonly reason?: string;
  readonly consumerGroup?: string;
  readonly after?: string;
  readonly limit: number;
}

/** What one replay attempt did. `unchanged`: already replayed or discarded, nothing done. */
export interface AttemptResult {
  readonly id: string;
  readonly result: 'replayed' | 'discarded' | 'failed' | 'unchanged' | 'waiting';
  readonly status: DeadLetterStatus;
  readonly outcome?: ApplyOutcome | 'skipped';
  readonly reason?: string;
}

/** A replay and the held letters of its key released after it, in order. */
export interface ReplayResult extends AttemptResult {
  readonly released: AttemptResult[];
}

/** The operator's tools over one consumer group's dead letters. */
export interface DeadLetterDesk {
  list(
    filter: DeadLetterFilter,
  ): Promise<{ items: DeadLetterSummary[]; last: { seq: string; id: string } | null }>;
  get(id: string): Promise<DeadLetterView | undefined>;
  /** Replays one (optionally with a corrected event), then releases what its key held; `undefined`: no such letter. */
  replay(
    id: string,
    options: { readonly by: string; readonly value?: unknown },
  ): Promise<ReplayResult | undefined>;
  /** Replays every parked letter (of one reason, if given), oldest first, up to `limit`. */
  replayAll(options: { readonly by: string; readonly reason?: string; readonly limit?: number }): Promise<{
    readonly results: ReplayResult[];
    readonly remaining: number;
  }>;
  /**
   * Tries again, in arrival order, the letters of `key` set aside for a preceding event (the
   * consumer calls it after applying an event of that key: it may be the awaited one).
   */
  retryAwaiting(key: string): Promise<AttemptResult[]>;
  /**
   * {@link retryAwaiting} for `keys` inside the caller's transaction, which holds their locks (a
   * run of the consumer, right after applying events of those keys): no transaction, lock and
   * query per key. `setTenant` sets the transaction's tenant to each event's. Returns what was
   * tried, and the keys whose held letters must be released once the transaction committed.
   */
  retryAwaitingIn(
    tx: Tx,
    keys: readonly string[],
    setTenant: (tenantId: string) => Promise<void>,
  ): Promise<{ readonly results: AttemptResult[]; readonly toRelease: string[] }>;
  /** Replays the held letters of a key that nothing holds any more (a release that did not finish). */
  releaseKey(key: string): Promise<AttemptResult[]>;
  /** Discards one with the operator's reason, then releases what its key held. */
  discard(
    id: string,
    options: { readonly by: string; readonly reason: string },
  ): Promise<ReplayResult | undefined>;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const summaryOf = (row: DeadLetterRow): DeadLetterSummary => ({
  id: row.id,
  consumerGroup: row.consumerGroup,
  sourceTopic: row.sourceTopic,
  sourcePartition: row.sourcePartition,
  sourceOffset: row.sourceOffset,
  key: row.messageKey,
  status: row.status,
  reason: row.reason,
  eventId: row.eventId,
  eventType: row.eventType,
  eventVersion: row.eventVersion,
  eventTenantId: row.eventTenantId,
  heldBehind: row.heldBehind,
  parkedAt: row.parkedAt.toISOString(),
  attempts: row.attempts,
  resolvedAt: iso(row.resolvedAt),
  resolvedBy: row.resolvedBy,
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

const payloadOf = (value: Buffer | null): DeadLetterView['payload'] => {
  if (value === null) return null;
  try {
    return { encoding: 'utf8', data: utf8.decode(value), bytes: value.length };
  } catch {
    return { encoding: 'base64', data: value.toString('base64'), bytes: value.length };
  }
};

const isOpen = (status: DeadLetterStatus) =>
  status === 'parked' || status === 'held' || status === 'awaiting';

const MAX_RELEASED = 10000;

/**
 * The dead-letter desk of a consumer group. A replay goes the consumer's own way (the shared
 * {@link EventApplier}: size check, decode, inbox row, handler, audit) under the same per-key
 * lock, with the letter locked and its status checked again inside: replaying a replayed or
 * discarded letter changes nothing, and two replays at once apply once. Once a key's parked
 * letter is replayed or discarded, the letters it held are replayed in their arrival order,
 * stopping at the first that fails — it becomes the key's parked letter.
 */
export const createDeadLetterDesk = (deps: {
  readonly pool: Pool;
  readonly applier: EventApplier;
  readonly logger: Logger;
}): DeadLetterDesk => {
  const { pool, applier } = deps;
  const logger = deps.logger.child({ component: 'dead-letters', groupId: applier.groupId });

  /**
   * One attempt at an open letter, `current`, read and locked (row and key) in the caller's
   * transaction, whose tenant is the event's: the consumer's own way, under a savepoint.
   */
  const attemptIn = async (
    tx: Tx,
    current: DeadLetterRow,
    by: string,
    corrected: unknown,
    read: ReadResult,
  ): Promise<AttemptResult> => {
    if (current.status === 'held') {
      const ahead = await firstOpenOfKey(
        tx,
        current.consumerGroup,
        current.messageKey,
        current.sourceTopic,
        current.seq,
      );
      if (ahead) return { id: current.id, result: 'waiting', status: 'held' };
    }
    const failed = async (failure: Failure): Promise<AttemptResult> => {
      await recordFailedAttempt(tx, current, failure);
      return { id: current.id, result: 'failed', status: 'parked', reason: failure.reason };
    };
    if (!read.ok) return failed(read.failure);
    const { envelope, handler } = read;
    const facts = { eventId: envelope.id, eventType: envelope.type, corrected: corrected !== undefined };
    const fix = corrected === undefined ? {} : { correctedValue: corrected };
    if (!handler) {
      await resolveDeadLetter(tx, current.id, 'replayed', by, { outcome: 'skipped', ...facts, ...fix });
      return { id: current.id, result: 'replayed', status: 'replayed', outcome: 'skipped' };
    }
    const log = logger.child({ correlationId: envelope.correlationId, eventId: envelope.id });
    // What the transaction deferred (a run's events before these retries) is written first: the
    // handler reads what they wrote, and a rollback to this savepoint must not undo it.
    await sendDeferred(tx);
    await tx.query('SAVEPOINT dead_letter_replay');
    try {
      const outcome = await applier.applyInTx(
        tx,
        envelope,
        handler,
        {
          topic: current.sourceTopic,
          partition: current.sourcePartition,
          offset: current.sourceOffset,
          headers: current.headers,
        },
        log,
      );
      await tx.query('RELEASE SAVEPOINT dead_letter_replay');
      await resolveDeadLetter(tx, current.id, 'replayed', by, { outcome, ...facts, ...fix });
      return { id: current.id, result: 'replayed', status: 'replayed', outcome };
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT dead_letter_replay');
      // Still missing the event it needs: set aside (a held one stops holding its key, so the
      // awaited event behind it can pass) and tried again when its key moves.
      // A set-aside one tried by the system stays set aside on any passing trouble (a dropped
      // connection): only a refusal parks it; its sweep parks it once overdue.
      if (current.status === 'awaiting' && !applier.isPermanent(error)) {
        await recordStillAwaiting(tx, current.id);
        return { id: current.id, result: 'waiting', status: 'awaiting' };
      }
      // A held one meeting passing trouble stays held, in its place: parking it would hold its
      // whole key for an operator over a dropped connection. The next release tries it again.
      if (current.status === 'held' && !applier.isPermanent(error) && !applier.isWaiting(error)) {
        await tx.query('UPDATE dead_letters SET last_attempt_at = clock_timestamp() WHERE id = $1', [
          current.id,
        ]);
        return { id: current.id, result: 'failed', status: 'held', reason: 'replay_failed' };
      }
      if (applier.isWaiting(error) && current.status !== 'parked') {
        await recordStillAwaiting(
          tx,
          current.id,
          current.status === 'held' ? awaitingFailure(error) : undefined,
        );
        return { id: current.id, result: 'waiting', status: 'awaiting' };
      }
      return failed(
        // An operator's replay does not wait: what is still missing is a refusal for now.
        applier.isPermanent(error) || applier.isWaiting(error)
          ? rejectionOf(error)
          : {
              reason: 'replay_failed',
              detail: { message: error instanceof Error ? error.message : String(error) },
            },
      );
    }
  };

  const logAttempt = (id: string, result: AttemptResult, by: string) =>
    logger.info(
      { deadLetterId: id, result: result.result, reason: result.reason, by },
      'dead letter replay attempted',
    );

  const attempt = async (letter: DeadLetterRow, by: string, corrected?: unknown): Promise<AttemptResult> => {
    const value = corrected === undefined ? letter.value : Buffer.from(JSON.stringify(corrected));
    const read = applier.read(value);
    const tenant = read.ok ? read.envelope.tenantId : NO_TENANT;
    const result = await withTenantTransaction(pool, tenant, async (tx): Promise<AttemptResult> => {
      await lockKey(tx, letter.consumerGroup, letter.messageKey);
      const current = await findDeadLetter(tx, letter.id, { forUpdate: true });
      if (!current || !isOpen(current.status))
        return { id: letter.id, result: 'unchanged', status: current?.status ?? letter.status };
      return attemptIn(tx, current, by, corrected, read);
    });
    logAttempt(letter.id, result, by);
    return result;
  };

  /** Tries again the letters of a key set aside for a preceding event, oldest first. */
  const retryAwaiting = async (key: string): Promise<AttemptResult[]> => {
    const results: AttemptResult[] = [];
    for (const letter of await awaitingOfKey(pool, applier.groupId, key)) {
      const result = await attempt(letter, 'system');
      results.push(result);
      if (result.result !== 'replayed') break;
      logger.info({ deadLetterId: letter.id }, 'awaited event arrived: set-aside event applied');
      // The key's next events of its topic waited behind it.
      results.push(...(await release(letter, 'system')));
    }
    return results;
  };

  const retryAwaitingIn: DeadLetterDesk['retryAwaitingIn'] = async (tx, keys, setTenant) => {
    const results: AttemptResult[] = [];
    const toRelease = new Set<string>();
    const stopped = new Set<string>();
    for (const letter of await awaitingOfKeys(tx, applier.groupId, keys)) {
      if (stopped.has(letter.messageKey)) continue;
      const read = applier.read(letter.value);
      await setTenant(read.ok ? read.envelope.tenantId : NO_TENANT);
      const result = await attemptIn(tx, letter, 'system', undefined, read);
      results.push(result);
      logAttempt(letter.id, result, 'system');
      if (result.result !== 'replayed') {
        stopped.add(letter.messageKey);
        continue;
      }
      logger.info({ deadLetterId: letter.id }, 'awaited event arrived: set-aside event applied');
      if (letter.keyHasHeld) toRelease.add(letter.messageKey);
    }
    return { results, toRelease: [...toRelease] };
  };

  /** Replays the held letters of a key in arrival order, until one fails or waits. */
  const release = async (
    letter: Pick<DeadLetterRow, 'consumerGroup' | 'messageKey'>,
    by: string,
  ): Promise<AttemptResult[]> => {
    const released: AttemptResult[] = [];
    if (letter.messageKey === '') return released;
    const { rows } = await pool.query<DeadLetterRow>(
      `SELECT ${COLUMNS} FROM dead_letters
        WHERE consumer_group = $1 AND message_key = $2 AND status IN ('parked', 'held')
        ORDER BY dead_letters.seq LIMIT ${String(MAX_RELEASED)}`,
      [letter.consumerGroup, letter.messageKey],
    );
    // A topic whose letter could not go on keeps the rest of its letters in their place; a
    // parked head belongs to the operator (or another replay) and holds everything after it.
    const blocked = new Set<string>();
    for (const next of rows) {
      if (next.status === 'parked') break;
      if (blocked.has(next.sourceTopic)) continue;
      const result = await attempt(next, by);
      released.push(result);
      if (result.result !== 'replayed' && result.result !== 'unchanged' && result.status !== 'awaiting')
        blocked.add(next.sourceTopic);
    }
    if (released.some((r) => r.result === 'replayed'))
      released.push(...(await retryAwaiting(letter.messageKey)));
    return released;
  };

  const replay: DeadLetterDesk['replay'] = async (id, { by, value }) => {
    const letter = await findDeadLetter(pool, id);
    if (!letter) return undefined;
    const result = await attempt(letter, by, value);
    const released = result.result === 'replayed' ? await release(letter, by) : [];
    return { ...result, released };
  };

  return {
    async list(filter) {
      const { rows } = await pool.query<DeadLetterRow>(
        `SELECT ${COLUMNS} FROM dead_letters
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR reason = $2)
            AND ($3::text IS NULL OR consumer_group = $3) AND ($4::bigint IS NULL OR seq > $4)
          ORDER BY dead_letters.seq LIMIT $5`,
        [
          filter.status ?? null,
          filter.reason ?? null,
          filter.consumerGroup ?? null,
          filter.after ?? null,
          filter.limit + 1,
        ],
      );
      const page = rows.slice(0, filter.limit);
      const lastRow = rows.length > filter.limit ? page.at(-1) : undefined;
      return { items: page.map(summaryOf), last: lastRow ? { seq: lastRow.seq, id: lastRow.id } : null };
    },
    async get(id) {
      const row = await findDeadLetter(pool, id);
      if (!row) return undefined;
      return {
        ...summaryOf(row),
        headers: row.headers,
        detail: row.detail,
        resolution: row.resolution,
        lastAttemptAt: iso(row.lastAttemptAt),
        payload: payloadOf(row.value),
      };
    },
    replay,
    retryAwaiting,
    retryAwaitingIn,
    releaseKey: (key) => release({ consumerGroup: applier.groupId, messageKey: key }, 'system'),
    async replayAll({ by, reason, limit = 500 }) {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM dead_letters WHERE status = 'parked' AND ($1::text IS NULL OR reason = $1)
          ORDER BY dead_letters.seq`,
        [reason ?? null],
      );
      const results: ReplayResult[] = [];
      for (const { id } of rows.slice(0, limit)) {
        const result = await replay(id, { by });
        if (result) results.push(result);
      }
      return { results, remaining: Math.max(0, rows.length - limit) };
    },
    async discard(id, { by, reason }) {
      const letter = await findDeadLetter(pool, id);
      if (!letter) return undefined;
      const result = await withTenantTransaction(pool, NO_TENANT, async (tx): Promise<AttemptResult> => {
        await lockKey(tx, letter.consumerGroup, letter.messageKey);
        const current = await findDeadLetter(tx, id, { forUpdate: true });
        if (!current || !isOpen(current.status))
          return { id, result: 'unchanged', status: current?.status ?? letter.status };
        await resolveDeadLetter(tx, id, 'discarded', by, { reason });
        return { id, result: 'discarded', status: 'discarded' };
      });
      logger.info({ deadLetterId: id, result: result.result, by }, 'dead letter discarded');
      return { ...result, released: result.result === 'discarded' ? await release(letter, by) : [] };
    },
  };
};
