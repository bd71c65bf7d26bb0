import type { Envelope, EventDefinition, EventOf } from '@relais/contracts';
import type { Admin, Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { Pool, QueryResult } from 'pg';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import {
  awaitingFailure,
  createEventApplier,
  factsOf,
  inboxCheckStatement,
  inboxRowStatement,
  rejectionOf,
  type ApplyOutcome,
  type SentWithBegin,
} from './apply.ts';
import { combinable, combinedStatement, splitCombined } from './combined-read.ts';
import { createDeadLetterDesk, type DeadLetterDesk } from './dead-letters.ts';
import { registerDeadLetterMetrics } from './dead-letter-metrics.ts';
import { registerConsumerLag } from './consumer-lag.ts';
import { publishDeadLetter } from './dead-letter-topic.ts';
import {
  firstOpenOfKey,
  lockKey,
  lockKeys,
  tryLockKeys,
  lockAndFirstOpenStatements,
  keysWithOpenLetters,
  storeDeadLetter,
  type EventFacts,
  type Failure,
  type SourceMessage,
  type StoredLetter,
  type OpenLetter,
  hasRead,
  orphanHeldKeys,
  overdueAwaiting,
  parkAwaiting,
  staleAwaitingKeys,
  type LogPositions,
} from './dead-letter-store.ts';
import type { EventHandler } from './handler.ts';
import type { Publisher } from './kafka.ts';
import { NO_TENANT, runStatements, withTenantTransaction, type Statement, type Tx } from './transaction.ts';
import { failureOf, sendDeferred, settleUnit, writeLater } from './unit-of-work.ts';

/** Options of an inbox consumer. */
export interface InboxConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic: string;
  readonly pool: Pool;
  readonly publisher: Publisher;
  readonly handlers: readonly EventHandler[];
  readonly logger: Logger;
  readonly registry?: Registry;
  /** Errors that will fail again on every attempt (a rejected command): parked, not retried. */
  readonly isPermanentError?: (error: unknown) => boolean;
  /**
   * Errors saying that an event this one needs has not arrived yet (it travels on another topic,
   * so nothing orders the two). Such an event is set aside (`awaiting`) without holding its key,
   * tried again each time an event of its key is applied, and parked like a refusal once
   * `waitForPrecedingMs` (default 5 min) is over and the group has read everything that was on
   * its topics by then: a trial end for a placement never started here is poison, but one whose
   * start is still queued behind a backlog is not.
   * Not retried in place: kafkajs fetches the next batch only once this one is done, so the
   * awaited event could never arrive behind it.
   */
  readonly isWaitingError?: (error: unknown) => boolean;
  readonly waitForPrecedingMs?: number;
  readonly retry?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Group session timeout (default 10 s): how long a crashed member blocks its partitions. */
  readonly sessionTimeoutMs?: number;
  /**
   * Partitions handled at once (default 1). Order still holds per key: one partition's messages
   * are handled one after the other; handlers serialise per person where events of one person
   * come from several topics.
   */
  readonly partitionsConcurrency?: number;
  /** Runs after the handler, in its transaction, for every applied event (the service's audit log). */
  readonly afterApply?: (tx: Tx, event: EventOf<EventDefinition>) => Promise<void>;
  /** Largest message value read (default 1 MiB); a larger one is parked as `message_too_large`, unparsed. */
  readonly maxMessageBytes?: number;
  /**
   * Most messages of one partition applied in one transaction (default 50; 1 = one transaction
   * per message), and how long such a run may go on taking more (default 100 ms). Each message of
   * a run has its savepoint, a subtransaction once it writes: past 64 in one transaction,
   * PostgreSQL's snapshots of every other session overflow to pg_subtrans while it is open. 50
   * keeps below that with room for the retries of set-aside events; replaying 10,000 events
   * went at 1,150–1,250 events/s with 50 and 1,190–1,200 with 100 (2026-12-06, noise).
   */
  readonly chunkSize?: number;
  readonly chunkBudgetMs?: number;
}

/** A running consumer group member that applies each event at most once, in its key's order. */
export interface InboxConsumer {
  start(): Promise<void>;
  /** Stops fetching, lets the message in hand finish, commits offsets and leaves the group. */
  stop(): Promise<void>;
  /** The operator's tools over this group's dead letters (list, show, replay, discard). */
  readonly deadLetters: DeadLetterDesk;
}

type Outcome = ApplyOutcome | 'skipped' | 'dead_lettered' | 'held' | 'awaiting';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A failure of what an earlier event of a run sent without waiting, found by the next event:
 * never that event's refusal (it is not permanent), so the run is rolled back and its messages
 * applied one by one, where the failing one fails alone.
 */
class EarlierInRunFailed extends Error {
  constructor(cause: unknown) {
    super('a statement sent for an earlier event of the run failed', { cause });
    this.name = 'EarlierInRunFailed';
  }
}
/** The savepoint of the run's `index`th message: one name per event (see applyOne). */
const runSavepointOf = (index: number) => `relais_apply_${String(index)}`;

const brokenBefore = (failure: unknown): EarlierInRunFailed | undefined =>
  failure === undefined ? undefined : new EarlierInRunFailed(failure);

const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

const sourceOf = (
  groupId: string,
  topic: string,
  partition: number,
  message: KafkaMessage,
): SourceMessage => {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(message.headers ?? {})) {
    const text = headerText(message.headers, name);
    if (text !== undefined) headers[name] = text;
  }
  return {
    consumerGroup: groupId,
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? '',
    headers,
    value: message.value,
  };
};

/**
 * Creates a consumer whose every message is validated, applied in one transaction together
 * with its inbox row (so a redelivery has no second effect), and whose offset is committed
 * only after that commit. Unreadable or rejected messages are parked — stored whole in
 * `dead_letters` and put on the dead-letter topic with the reason — and later messages of
 * their key are held behind them until an operator replays or discards them. Transient
 * failures are retried in place with capped exponential backoff, so one person's events never
 * overtake each other.
 */
export const createInboxConsumer = (options: InboxConsumerOptions): InboxConsumer => {
  const { pool, publisher, deadLetterTopic, groupId } = options;
  const logger = options.logger.child({ component: 'inbox-consumer', groupId });
  const applier = createEventApplier(options);
  const initialMs = options.retry?.initialMs ?? 100;
  const maxMs = options.retry?.maxMs ?? 5000;
  const counter = options.registry
    ? new Counter({
        name: 'relais_consumer_events_total',
        help: 'Consumed events by outcome',
        labelNames: ['group', 'type', 'outcome'],
        registers: [options.registry],
      })
    : undefined;
  let consumer: Consumer | undefined;
  let stopping = false;

  const count = (type: string, outcome: Outcome) => counter?.inc({ group: groupId, type, outcome });

  const waitForPrecedingMs = options.waitForPrecedingMs ?? 300000;
  const chunkSize = Math.max(1, options.chunkSize ?? 50);
  const chunkBudgetMs = options.chunkBudgetMs ?? 100;
  const desk = createDeadLetterDesk({ pool, applier, logger });
  let sweeper: NodeJS.Timeout | undefined;

  /** After an event of `key` was applied: the events of that key set aside for it get another try. */
  const retryAwaiting = async (key: string, log: Logger) => {
    const results = await desk.retryAwaiting(key).catch((error: unknown) => {
      log.warn({ err: error }, 'retrying set-aside events failed; the next event of the key tries again');
      return [];
    });
    for (const r of results) if (r.result === 'replayed') count('unknown', 'applied');
  };

  let admin: Admin | undefined;
  if (options.registry) {
    registerDeadLetterMetrics({ registry: options.registry, pool, groupId });
    registerConsumerLag({
      registry: options.registry,
      groupId,
      topics: options.topics,
      admin: () => admin,
      logger,
    });
  }
  const positions = (entries: { topic: string; partition: number; offset: string }[]): LogPositions => {
    const result: Record<string, Record<string, string>> = {};
    for (const { topic, partition, offset } of entries) (result[topic] ??= {})[String(partition)] = offset;
    return result;
  };
  /** Where the group's topics end now (the next offset each partition will be written at). */
  const logEnd = async (client: Admin) =>
    positions(
      (
        await Promise.all(
          options.topics.map(async (topic) =>
            (await client.fetchTopicOffsets(topic)).map((p) => ({
              topic,
              partition: p.partition,
              offset: p.high,
            })),
          ),
        )
      ).flat(),
    );
  /** How far the group has read and committed (-1, nothing committed, counts as 0). */
  const committed = async (client: Admin) =>
    positions(
      (await client.fetchOffsets({ groupId, topics: [...options.topics] })).flatMap(({ topic, partitions }) =>
        partitions.map((p) => ({
          topic,
          partition: p.partition,
          offset: p.offset === '-1' ? '0' : p.offset,
        })),
      ),
    );

  /** Parks what awaited its preceding event too long, and announces it on the dead-letter topic. */
  const sweepAwaiting = async () => {
    // Held letters nothing holds any more (a release cut short by a crash or a dropped
    // connection, or a letter held while a release was finishing) go on now.
    for (const key of await orphanHeldKeys(pool, groupId))
      await desk
        .releaseKey(key)
        .catch((error: unknown) => logger.warn({ err: error }, 'releasing held letters failed'));
    // What awaits may miss its moment (the retry after its predecessor met a dropped connection,
    // or its process died): tried again every few seconds, and once more before it is parked.
    for (const key of await staleAwaitingKeys(pool, groupId, Math.min(2000, waitForPrecedingMs)))
      await retryAwaiting(key, logger);
    if (!admin) return;
    const client = admin;
    // Over its wait, a letter is parked only once the group has read what its topics held when
    // the wait ended: behind a backlog (a replay from the earliest offset, an instance down for
    // an hour) the awaited event may still be queued. Measured with the poison scenario at full
    // scale: 10,000 events read by one instance, a 30 s wait parked 3,180 good trial ends.
    const due = await withTenantTransaction(pool, NO_TENANT, (tx) =>
      overdueAwaiting(tx, groupId, waitForPrecedingMs, () => logEnd(client)),
    );
    if (due.length === 0) return;
    const read = await committed(client);
    const ready = due.filter((letter) => hasRead(read, letter.parkOnceRead));
    if (ready.length === 0) return;
    // One last try: what it awaited may have been applied since it was last tried.
    for (const key of new Set(ready.map((letter) => letter.key))) await retryAwaiting(key, logger);
    // Under the keys' locks: a chunk that found a key clean must not see it parked mid-way.
    const overdue = await withTenantTransaction(pool, NO_TENANT, async (tx) => {
      await lockKeys(
        tx,
        groupId,
        ready.map((letter) => letter.key),
      );
      return parkAwaiting(
        tx,
        groupId,
        ready.map((letter) => letter.id),
      );
    });
    for (const row of overdue) {
      const source: SourceMessage = {
        consumerGroup: row.consumerGroup,
        topic: row.sourceTopic,
        partition: row.sourcePartition,
        offset: row.sourceOffset,
        key: row.messageKey,
        headers: row.headers,
        value: row.value,
      };
      const stored = { id: row.id, status: row.status, reason: row.reason, detail: row.detail, stored: true };
      await announce(source, stored, () => Promise.resolve(), logger);
      count(row.eventType ?? 'unknown', 'dead_lettered');
    }
  };

  /** Retries `work` until it succeeds, it fails permanently or awaits another event, or the consumer stops. */
  const untilDone = async <T>(
    what: string,
    work: () => Promise<T>,
    heartbeat: () => Promise<void>,
    log: Logger,
  ): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (applier.isPermanent(error) || applier.isWaiting(error) || stopping) throw error;
        const delay = Math.min(maxMs, initialMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        log.warn({ err: error, attempt, retryInMs: Math.round(delay) }, `${what} failed; retrying`);
        await sleep(delay);
        await heartbeat().catch(() => undefined);
      }
    }
  };

  /** Puts a stored (parked or held) message on the dead-letter topic; before its offset is committed. */
  const announce = async (
    source: SourceMessage,
    stored: StoredLetter,
    heartbeat: () => Promise<void>,
    log: Logger,
  ) => {
    await untilDone(
      'dead-lettering',
      () => publishDeadLetter(publisher, deadLetterTopic, source, stored),
      heartbeat,
      log,
    );
    log.warn(
      {
        deadLetterId: stored.id,
        status: stored.status,
        reason: stored.reason,
        redelivered: !stored.stored,
        topic: source.topic,
        partition: source.partition,
        offset: source.offset,
      },
      stored.status === 'held' ? 'message held behind a parked one of its key' : 'message parked',
    );
  };

  const park = async (
    source: SourceMessage,
    failure: Failure,
    event: EventFacts | undefined,
    heartbeat: () => Promise<void>,
    log: Logger,
  ) => {
    const stored = await untilDone(
      'parking',
      () =>
        withTenantTransaction(pool, event?.tenantId ?? NO_TENANT, async (tx) => {
          await lockKey(tx, groupId, source.key);
          return storeDeadLetter(tx, source, failure, event);
        }),
      heartbeat,
      log,
    );
    await announce(source, stored, heartbeat, log);
  };

  type Applied =
    | { readonly outcome: ApplyOutcome }
    | { readonly outcome: 'held'; readonly stored: StoredLetter; readonly announce: boolean }
    | { readonly outcome: 'awaiting'; readonly stored: StoredLetter };

  /**
   * Applies one readable event in the caller's transaction, under its key's lock: held behind an
   * open letter of its key (unless the caller knows its key has none), set aside when it awaits a
   * preceding event, else inbox row and handler. A refusal is thrown, the savepoint left for the caller.
   */
  const applyOne = async (
    tx: Tx,
    source: SourceMessage,
    envelope: Envelope,
    handler: EventHandler,
    log: Logger,
    /** The key's first letter to wait behind, when the caller read it (null: none); else read here. */
    known: OpenLetter | null | undefined,
    guarded = true,
    /**
     * What the caller already did for the event: with BEGIN (its inbox row, the handler's first
     * statements), or in a run read ahead (the handler's first statements' results); undefined: nothing.
     */
    sent?: SentWithBegin,
    /**
     * In a run, the event's own savepoint (a name no other event of the run uses): with nothing
     * to read first, it is then sent without waiting (see below).
     */
    runSavepoint?: string,
  ): Promise<Applied> => {
    const waiting =
      known === undefined
        ? await firstOpenOfKey(tx, groupId, source.key, source.topic)
        : (known ?? undefined);
    if (waiting) {
      // Not applied after all: the row written with BEGIN goes (rare: its key has open letters).
      if (sent?.inboxed) await tx.query('DELETE FROM inbox WHERE event_id = $1', [envelope.id]);
      const stored = await storeDeadLetter(tx, source, null, factsOf(envelope));
      // Behind a set-aside event it only waits for its turn: nothing dead to announce.
      return { outcome: 'held', stored, announce: waiting.status === 'parked' };
    }
    // Unguarded (the caller's transaction holds nothing else): any failure rolls it all back.
    if (!guarded)
      return {
        outcome: await applier.applyInTx(tx, envelope, handler, source, log, {
          ...sent,
          leaveToCommit: true,
        }),
      };
    // Set aside in this very transaction, under the key's lock: the awaited event, applied
    // by another partition's worker, then finds the row when it retries what awaits it. The
    // savepoint, the inbox row and the handler's first statements go in one round trip.
    const readAhead = sent?.handlerResults;
    const handlerFirst = readAhead ? [] : (handler.atBegin?.(envelope) ?? []);
    // Unless the caller knows whether the event is in the inbox, or leaves its row to the COMMIT.
    const inboxFirst =
      sent?.inboxed === undefined && sent?.inboxAtCommit !== true
        ? [inboxRowStatement(envelope, source)]
        : [];
    const savepoint = runSavepoint ?? 'relais_apply';
    let answered: QueryResult[] = [];
    if (runSavepoint !== undefined && inboxFirst.length === 0 && handlerFirst.length === 0) {
      // Nothing to read: the savepoint goes on the wire without waiting, and PostgreSQL runs the
      // writes of the events before this one while its handler runs here. Awaited, a run went at
      // the pace of the service's CPU plus PostgreSQL's, one after the other, for each event.
      // What the earlier events sent is settled with the COMMIT (or by the next statement
      // awaited): a failure there fails the run, which is then applied one message at a time. A
      // savepoint of its own per event keeps that true when this event is refused or set aside:
      // if an earlier write failed, this SAVEPOINT found the transaction aborted and was never
      // made, so ROLLBACK TO it fails too (the run with it) instead of going back to an earlier
      // event's savepoint, past the failed write, with that event counted as applied.
      await writeLater(tx, { text: `SAVEPOINT ${savepoint}`, values: [] });
    } else {
      // The rows the run's earlier events left to the COMMIT go first (without waiting): this
      // event's reads see them, and they are sent before its savepoint, so going back to it
      // cannot undo them.
      if (runSavepoint !== undefined) await sendDeferred(tx);
      answered = (
        await runStatements(tx, [
          { text: `SAVEPOINT ${savepoint}`, values: [] },
          ...inboxFirst,
          ...handlerFirst,
        ]).catch(async (error: unknown) => {
          throw brokenBefore(await failureOf(tx)) ?? error;
        })
      ).slice(1);
      // The rows the event before this one sent without waiting were answered ahead of these.
      await settleUnit(tx).catch((error: unknown) => {
        throw brokenBefore(error) ?? error;
      });
    }
    const inboxRow = inboxFirst.length > 0 ? answered[0] : undefined;
    const handlerResults = answered.slice(inboxFirst.length);
    try {
      const sentHere: SentWithBegin = {
        ...(sent?.inboxAtCommit === true
          ? { inboxAtCommit: true }
          : { inboxed: sent?.inboxed ?? (inboxRow?.rowCount ?? 0) > 0 }),
        ...(readAhead ? { handlerResults: readAhead } : handlerFirst.length > 0 ? { handlerResults } : {}),
        // The handler's writes are answered with the next event's first statements, or with the
        // COMMIT; its deferred rows go with the COMMIT, all the run's in one statement.
        leaveToCommit: true,
      };
      return { outcome: await applier.applyInTx(tx, envelope, handler, source, log, sentHere) };
    } catch (error) {
      if (!applier.isWaiting(error)) throw error;
      await tx.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      const stored = await storeDeadLetter(tx, source, awaitingFailure(error), factsOf(envelope));
      return { outcome: 'awaiting', stored };
    }
  };

  /** The open letter read with BEGIN (the second of the statements of `lockAndFirstOpenStatements`). */
  const openOf = (begun: readonly QueryResult[]): OpenLetter | null =>
    (begun[1]?.rows[0] as OpenLetter | undefined) ?? null;

  const processMessage = async (
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ) => {
    const source = sourceOf(groupId, topic, partition, message);
    const read = applier.read(message.value);
    if (!read.ok) {
      const log = logger.child({ correlationId: source.headers['correlation-id'] });
      await park(source, read.failure, undefined, heartbeat, log);
      count('unknown', 'dead_lettered');
      return;
    }
    const { envelope, handler } = read;
    const log = eventLogger(envelope);
    if (!handler) {
      count(envelope.type, 'skipped');
      return;
    }
    // The key's lock and its first open letter (none for a message without a key), then, unguarded,
    // the inbox row and the handler's first statements: all with BEGIN, in one round trip.
    const keyFirst = lockAndFirstOpenStatements(groupId, source.key, source.topic);
    const inboxRow = inboxRowStatement(envelope, source);
    const handlerFirst = handler.atBegin?.(envelope) ?? [];
    const attempt = (guarded: boolean) =>
      untilDone(
        `handling ${envelope.type}`,
        () =>
          withTenantTransaction(
            pool,
            envelope.tenantId,
            async (tx, begun) => {
              const open = keyFirst.length > 0 ? openOf(begun) : null;
              // Guarded, the inbox row and the handler's statements must follow the savepoint.
              if (guarded) return applyOne(tx, source, envelope, handler, log, open, true);
              const at = keyFirst.length;
              const sent: SentWithBegin = {
                inboxed: (begun[at]?.rowCount ?? 0) > 0,
                ...(handlerFirst.length > 0
                  ? { handlerResults: begun.slice(at + 1, at + 1 + handlerFirst.length) }
                  : {}),
              };
              return applyOne(tx, source, envelope, handler, log, open, false, sent);
            },
            { atBegin: guarded ? keyFirst : [...keyFirst, inboxRow, ...handlerFirst] },
          ),
        heartbeat,
        log,
      );
    try {
      // First without a savepoint, a round trip on every event: nothing else is in the transaction
      // to keep if the handler fails. An event awaiting another goes again with one, to be set
      // aside in the transaction that found it missing (under its key's lock).
      const result = await attempt(false).catch((error: unknown) => {
        if (applier.isWaiting(error)) return attempt(true);
        throw error;
      });
      await settle(source, envelope, result, heartbeat, log);
      // A duplicate too: the first delivery may have been applied by a process that died before it
      // retried what awaited this event.
      if (movesOn(result)) await retryAwaiting(source.key, log);
    } catch (error) {
      if (!applier.isPermanent(error)) throw error;
      await park(source, rejectionOf(error), factsOf(envelope), heartbeat, log);
      count(envelope.type, 'dead_lettered');
    }
  };

  /** Whether what awaits an event of this key deserves another try after `result` (not after being set aside or held behind a parked one). */
  const movesOn = (result: Applied) =>
    result.outcome !== 'awaiting' && !(result.outcome === 'held' && result.announce);

  const eventLogger = (envelope: Envelope) =>
    logger.child({ correlationId: envelope.correlationId, eventId: envelope.id, eventType: envelope.type });

  /** After the commit: what was held behind a parked letter is announced; the outcome counted and logged. */
  const settle = async (
    source: SourceMessage,
    envelope: Envelope,
    result: Applied,
    heartbeat: () => Promise<void>,
    log: Logger,
  ) => {
    if (result.outcome === 'awaiting')
      log.info({ deadLetterId: result.stored.id }, 'event awaits a preceding event');
    if (result.outcome === 'held' && result.announce) await announce(source, result.stored, heartbeat, log);
    count(envelope.type, result.outcome);
    log.info({ outcome: result.outcome }, 'event consumed');
  };

  /** What a run read before applying any of its events ({@link prepareRun}). */
  interface Prepared {
    /** The results of the handler's first statements, by the event's index in the run. */
    readonly ahead: Map<number, QueryResult[]>;
    /** The events whose inbox row is left to the COMMIT (not in the inbox when the run began), by index. */
    readonly inboxAtCommit: Set<number>;
    /** The ids of the run's events already in the inbox. */
    readonly inInbox: Set<string>;
  }

  /**
   * Before any event of the run is applied, in one round trip: which of its events are already
   * in the inbox (one statement; the others' rows are left to the COMMIT, one statement for the
   * run), and the handlers' first statements (`atBegin`) of the first event of each scope, a read
   * the events share going once for all of them ({@link combinedStatement}). Without this, each
   * event sent its inbox row, a lock and two or three reads with its savepoint. Reading ahead
   * stops at the first event whose handler names no scope (what it changes is not known); an
   * event of a scope seen before reads its own. Events whose key has an open letter are left to
   * the single-message checks (they are held).
   */
  const prepareRun = async (
    tx: Tx,
    run: readonly SourceMessage[],
    reads: readonly ReturnType<typeof applier.read>[],
    open: ReadonlySet<string>,
    setTenant: (tenantId: string) => Promise<void>,
  ): Promise<Prepared> => {
    const prepared: Prepared = { ahead: new Map(), inboxAtCommit: new Set(), inInbox: new Set() };
    type Chosen = {
      readonly index: number;
      readonly tenantId: string;
      readonly id: string;
      statements: readonly Statement[];
    };
    const handled: Chosen[] = [];
    const scopes = new Set<string>();
    let scoped = true;
    for (const [index, read] of reads.entries()) {
      if (!read.ok || !read.handler) continue;
      const { envelope, handler } = read;
      if (!handler.scope) scoped = false;
      const scope = scoped ? handler.scope?.(envelope) : undefined;
      const first = scope !== undefined && !scopes.has(scope);
      if (scope !== undefined) scopes.add(scope);
      if (open.has(run[index]?.key ?? '')) continue;
      handled.push({
        index,
        tenantId: envelope.tenantId,
        id: envelope.id,
        statements: first ? (handler.atBegin?.(envelope) ?? []) : [],
      });
    }
    if (handled.length < 2) return prepared;
    for (const tenantId of new Set(handled.map((c) => c.tenantId))) {
      const mine = handled.filter((c) => c.tenantId === tenantId);
      const sends: { statement: Statement; events: Chosen[]; combined: boolean }[] = [
        {
          statement: inboxCheckStatement(mine.map((c) => c.id)),
          events: [],
          combined: false,
        },
      ];
      // Each event's statements keep their order (its lock before its reads): position by position.
      const longest = Math.max(...mine.map((c) => c.statements.length));
      for (let at = 0; at < longest; at++) {
        const byText = new Map<string, Chosen[]>();
        for (const c of mine) {
          const statement = c.statements[at];
          if (!statement) continue;
          const group = byText.get(statement.text) ?? [];
          byText.set(statement.text, group);
          group.push(c);
        }
        for (const group of byText.values()) {
          const statements = group.map((c) => c.statements[at] as Statement);
          if (group.length > 1 && combinable(statements))
            sends.push({ statement: combinedStatement(statements), events: group, combined: true });
          else
            for (const [i, c] of group.entries())
              sends.push({ statement: statements[i] as Statement, events: [c], combined: false });
        }
      }
      await setTenant(tenantId);
      const [inInbox, ...results] = await runStatements(
        tx,
        sends.map((send) => send.statement),
      );
      for (const row of (inInbox?.rows ?? []) as { id: string }[]) prepared.inInbox.add(row.id);
      for (const c of mine) prepared.inboxAtCommit.add(c.index);
      for (const [i, send] of sends.slice(1).entries()) {
        const result = results[i];
        if (!result) continue;
        const split = send.combined ? splitCombined(result, send.events.length) : [result];
        for (const [j, c] of send.events.entries()) {
          const own = split[j];
          if (!own) continue;
          const list = prepared.ahead.get(c.index) ?? [];
          prepared.ahead.set(c.index, list);
          list.push(own);
        }
      }
    }
    return prepared;
  };

  /** What the batch transaction did with one message, settled once it committed. */
  type Done =
    | {
        readonly kind: 'applied';
        readonly source: SourceMessage;
        readonly envelope: Envelope;
        readonly result: Applied;
      }
    | { readonly kind: 'skipped'; readonly type: string }
    | {
        readonly kind: 'parked';
        readonly source: SourceMessage;
        readonly stored: StoredLetter;
        readonly type: string;
        readonly log: Logger;
      };

  /**
   * Applies messages of one partition from the start of `messages` in ONE transaction and says
   * how many it took: a commit (a WAL flush) per message was most of the cost of reading a
   * backlog. The run stops at `chunkSize` messages, after `chunkBudgetMs`, or at the first key
   * whose lock another transaction holds (only the first key is waited for, so two runs never
   * deadlock over keys, and a slow event elsewhere delays no more than one key). What the events
   * need first is read before any is applied ({@link prepareRun}). Each message
   * keeps the single-message checks and its own savepoint: a refusal parks it, an awaiting event
   * is set aside, the others apply. Any other failure rolls the run back and its messages go one
   * by one the single-message way, with its retries: a run changes throughput, never what is applied.
   */
  const processRun = async (
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
    heartbeat: () => Promise<void>,
  ): Promise<{ readonly taken: number; readonly setAside: number }> => {
    const [first] = messages;
    if (!first) return { taken: 0, setAside: 0 };
    if (messages.length === 1 || stopping) {
      await processMessage(topic, partition, first, heartbeat);
      return { taken: 1, setAside: 0 };
    }
    const startedAt = performance.now();
    let taken = 0;
    let done: Done[];
    let toRelease: readonly string[] = [];
    try {
      done = await withTenantTransaction(pool, NO_TENANT, async (tx) => {
        let tenant = NO_TENANT;
        const setTenant = async (tenantId: string) => {
          if (tenantId === tenant) return;
          // Row-level security checks a row against the CPAS set when it is written: what the
          // run's events left to the COMMIT so far is the current CPAS's, so it goes first (before
          // the next event's savepoint). Left to the COMMIT, the rows of a partition's events of
          // several CPAS failed the run, which then went again one message at a time.
          await sendDeferred(tx);
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
          tenant = tenantId;
        };
        const results: Done[] = [];
        // The run's keys locked in two statements (the first waited for, the others tried), and
        // the open letters of all of them read in a third, instead of two statements per message.
        // The run ends before the first key another transaction holds; keys locked past it stay
        // locked until the commit, which only delays that other transaction by this run.
        const candidates = messages.slice(0, chunkSize).map((m) => sourceOf(groupId, topic, partition, m));
        const firstKey = candidates[0]?.key ?? '';
        await lockKey(tx, groupId, firstKey);
        const locked = await tryLockKeys(
          tx,
          groupId,
          candidates.map((c) => c.key).filter((k) => k !== firstKey),
        );
        locked.add(firstKey);
        const reachable = candidates.findIndex((c) => !locked.has(c.key));
        const run = reachable < 0 ? candidates : candidates.slice(0, reachable);
        // Keys with a letter to wait behind, now or once this run stores one: checked one by one.
        const open = await keysWithOpenLetters(
          tx,
          groupId,
          run.map((c) => c.key),
          topic,
        );
        const reads = run.map((_, i) => applier.read(messages[i]?.value ?? null));
        const prepared = await prepareRun(tx, run, reads, open, setTenant);
        /** Events applied in this run: a second delivery of one in the run is a duplicate. */
        const appliedHere = new Set<string>();
        const moved = new Set<string>();
        for (const [i, source] of run.entries()) {
          if (i > 0 && performance.now() - startedAt > chunkBudgetMs) break;
          const read = reads[i];
          if (!read) break;
          taken += 1;
          if (!read.ok) {
            await setTenant(NO_TENANT);
            const stored = await storeDeadLetter(tx, source, read.failure, undefined);
            open.add(source.key);
            const log = logger.child({ correlationId: source.headers['correlation-id'] });
            results.push({ kind: 'parked', source, stored, type: 'unknown', log });
            continue;
          }
          const { envelope, handler } = read;
          if (!handler) {
            results.push({ kind: 'skipped', type: envelope.type });
            continue;
          }
          await setTenant(envelope.tenantId);
          const log = eventLogger(envelope);
          try {
            const readFirst = prepared.ahead.get(i);
            const result = await applyOne(
              tx,
              source,
              envelope,
              handler,
              log,
              open.has(source.key) ? undefined : null,
              true,
              prepared.inInbox.has(envelope.id) || appliedHere.has(envelope.id)
                ? { inboxed: false }
                : {
                    ...(prepared.inboxAtCommit.has(i) ? { inboxAtCommit: true } : {}),
                    ...(readFirst ? { handlerResults: readFirst } : {}),
                  },
              runSavepointOf(i),
            );
            if (result.outcome === 'applied' || result.outcome === 'ignored_duplicate')
              appliedHere.add(envelope.id);
            if (result.outcome === 'held' || result.outcome === 'awaiting') open.add(source.key);
            if (movesOn(result)) moved.add(source.key);
            results.push({ kind: 'applied', source, envelope, result });
          } catch (error) {
            if (!applier.isPermanent(error)) throw error;
            await tx.query(`ROLLBACK TO SAVEPOINT ${runSavepointOf(i)}`);
            const stored = await storeDeadLetter(tx, source, rejectionOf(error), factsOf(envelope));
            open.add(source.key);
            results.push({ kind: 'parked', source, stored, type: envelope.type, log });
          }
          // A long run (slow handlers) keeps the group session; kafkajs sends it only when due.
          await heartbeat().catch(() => undefined);
        }
        // What awaited an event of these keys gets its try here, under the locks the run holds:
        // during a replay from the earliest offset, one topic read ahead of another set aside up
        // to half of the trial ends, and one transaction per key to retry them cost a third of
        // the replay's database time (measured 2026-12-06, 2,000 events).
        const retried = await desk.retryAwaitingIn(tx, [...moved], setTenant);
        for (const r of retried.results) if (r.result === 'replayed') count('unknown', 'applied');
        toRelease = retried.toRelease;
        return results;
      });
    } catch (error) {
      const failed = Math.max(1, taken);
      logger.warn(
        { err: error, topic, partition, messages: failed },
        'a run of messages failed; applying them one by one',
      );
      for (const message of messages.slice(0, failed))
        await processMessage(topic, partition, message, heartbeat);
      return { taken: failed, setAside: 0 };
    }
    for (const d of done) {
      if (d.kind === 'skipped') count(d.type, 'skipped');
      else if (d.kind === 'parked') {
        await announce(d.source, d.stored, heartbeat, d.log);
        count(d.type, 'dead_lettered');
      } else await settle(d.source, d.envelope, d.result, heartbeat, eventLogger(d.envelope));
    }
    // Letters held behind a set-aside one just applied go on (their own transactions, rare).
    for (const key of toRelease)
      await desk
        .releaseKey(key)
        .catch((error: unknown) => logger.warn({ err: error }, 'releasing held letters failed'));
    return {
      taken,
      setAside: done.filter((d) => d.kind === 'applied' && d.result.outcome === 'awaiting').length,
    };
  };

  return {
    deadLetters: desk,
    async start() {
      stopping = false;
      consumer = options.kafka.consumer({
        groupId,
        sessionTimeout: options.sessionTimeoutMs ?? 10000,
        heartbeatInterval: Math.floor((options.sessionTimeoutMs ?? 10000) / 10),
        // How long the broker may hold a fetch that finds nothing (kafkajs: 5 s). With minBytes 1
        // (kafkajs's default, stated because this rests on it) the broker answers as soon as a
        // message is there, so this is not a latency: it is how often an idle consumer asks again,
        // which the broker pays for. Measured 2026-12-06 with the four services idle on 2 cores:
        // the broker used 150–190 ms of CPU per second at 100 ms, 77–80 ms at 500 ms; the chain's
        // steady p50 was 11.4–12.1 ms at 100 ms and 11.5–13.5 ms at 500 ms (three runs each,
        // alternating; no stage moved beyond the noise). Kept short of seconds because heartbeats
        // go between fetches and a stopping consumer waits for the fetch in flight.
        maxWaitTimeInMs: 500,
        minBytes: 1,
        allowAutoTopicCreation: false,
      });
      let sweeping = false;
      sweeper = setInterval(
        () => {
          // One sweep at a time: a slow one (waiting on keys a busy chunk holds) must not pile up
          // others that each take a pooled connection.
          if (sweeping) return;
          sweeping = true;
          sweepAwaiting()
            .catch((error: unknown) => logger.warn({ err: error }, 'parking overdue set-aside events failed'))
            .finally(() => {
              sweeping = false;
            });
        },
        Math.min(1000, Math.max(100, waitForPrecedingMs / 4)),
      );
      sweeper.unref();
      admin = options.kafka.admin();
      await admin.connect();
      await consumer.connect();
      // A group with no committed offset starts at the earliest event: duplicates are absorbed, loss is not.
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
      await consumer.run({
        autoCommitInterval: 500,
        partitionsConsumedConcurrently: options.partitionsConcurrency ?? 1,
        eachBatchAutoResolve: false,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const heartbeat = () => payload.heartbeat();
          for (let from = 0; from < batch.messages.length;) {
            if (!payload.isRunning() || payload.isStale()) break;
            const rest = batch.messages.slice(from);
            const run = await processRun(batch.topic, batch.partition, rest, heartbeat);
            from += run.taken;
            const last = batch.messages[from - 1];
            if (last) payload.resolveOffset(last.offset);
            await payload.commitOffsetsIfNecessary();
            await heartbeat();
            // Events set aside for one from another topic: that topic is behind this one. The rest
            // of this batch is fetched again after the batches of the other partitions already
            // fetched, instead of being set aside too. Replaying 10,000 events, 37 to 73 % of the
            // trial ends were set aside without this (each costs about two applications).
            if (run.setAside > 0 && options.topics.length > 1) break;
          }
        },
      });
    },
    async stop() {
      stopping = true;
      clearInterval(sweeper);
      await consumer?.disconnect();
      consumer = undefined;
      await admin?.disconnect();
      admin = undefined;
    },
  };
};
