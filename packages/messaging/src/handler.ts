import type { EventDefinition, EventOf } from '@relais/contracts';
import type { QueryResult } from 'pg';
import type { Logger } from 'pino';
import type { Statement, Tx } from './transaction.ts';

/** What a handler gets besides the event: a logger carrying the correlation id. */
export interface HandlerContext {
  readonly logger: Logger;
  /**
   * The results of the handler's {@link EventHandler.atBegin} statements, in their order, when
   * the consumer sent them; undefined when it did not (a replay from the dead-letter desk: the
   * handler runs them itself).
   */
  readonly begun?: readonly QueryResult[];
}

/**
 * What a handler may say about an event it consumed: that the fact was already applied under
 * another event id (a re-emission), recorded in the inbox as `ignored_duplicate` with the note.
 * The note is stored: no personal data in it.
 */
export interface Ignored {
  readonly ignored: string;
}

/**
 * What a handler resolves to: nothing (the event was applied), or {@link Ignored}. `void`, not
 * `undefined`: every use case written as `Promise<void>` stays a handler, and so do wrappers
 * returning what the handler they wrap returns.
 */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type
export type HandleResult = Promise<void | Ignored>;

/** Maps one event version to a use case; no business rules here. */
export interface EventHandler {
  readonly event: EventDefinition;
  readonly handle: (tx: Tx, event: EventOf<EventDefinition>, context: HandlerContext) => HandleResult;
  /**
   * The statements the handler runs first (a lock, a read), which the consumer sends with what it
   * sends first for the event (with BEGIN for an event applied alone, with its savepoint and inbox
   * row in a run, or ahead of the run, see {@link EventHandler.scope}): one round trip for them
   * all instead of one each. They run after the key's lock (and after the inbox row where that is
   * written first), also for an event then held or a duplicate (so only locks and reads belong
   * here). On a pipelining connection they go as prepared statements.
   */
  readonly atBegin?: (event: EventOf<EventDefinition>) => readonly Statement[];
  /**
   * What the handler reads and writes, named (income-continuity: the CPAS and the person): events
   * of different scopes never change what each other's `atBegin` reads. With it, a run of
   * messages sends the `atBegin` statements of the first event of each scope together, before
   * applying any of them, each read once for all of them where its parameters are typed; later
   * events of a scope already seen, and every event after one whose handler names no scope, read
   * their own when their turn comes.
   */
  readonly scope?: (event: EventOf<EventDefinition>) => string;
}

/** Declares a handler with the event's data typed from its contract. */
export const on = <D extends EventDefinition>(
  event: D,
  handle: (tx: Tx, event: EventOf<D>, context: HandlerContext) => HandleResult,
  options: {
    readonly atBegin?: (event: EventOf<D>) => readonly Statement[];
    readonly scope?: (event: EventOf<D>) => string;
  } = {},
): EventHandler => ({
  event,
  handle: handle as EventHandler['handle'],
  ...(options.atBegin ? { atBegin: options.atBegin as EventHandler['atBegin'] } : {}),
  ...(options.scope ? { scope: options.scope as EventHandler['scope'] } : {}),
});
