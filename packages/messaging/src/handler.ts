import type { EventDefinition, EventOf } from '@relais/contracts';
import type { Logger } from 'pino';
import type { Tx } from './transaction.ts';

/** What a handler gets besides the event: a logger carrying the correlation id. */
export interface HandlerContext {
  readonly logger: Logger;
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
}

/** Declares a handler with the event's data typed from its contract. */
export const on = <D extends EventDefinition>(
  event: D,
  handle: (tx: Tx, event: EventOf<D>, context: HandlerContext) => HandleResult,
): EventHandler => ({ event, handle: handle as EventHandler['handle'] });
