import { buildEvent, type DataInputOf, type EventDefinition, type EventOf } from '@relais/contracts';
import { appendToOutbox, type Tx } from '@relais/messaging';

/** Where time and identifiers come from; tests pass fixed ones. */
export interface Clock {
  now(): Date;
  newId(): string;
}

/** What a use case says about the event it emits; the writer adds id, time and type. */
export interface EventDraft<D extends EventDefinition> {
  readonly tenantId: string;
  readonly aggregateId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly data: DataInputOf<D>;
  /**
   * The Kafka key, when order must hold wider than one aggregate: events about one person
   * are keyed by the person so they reach consumers in the order they happened.
   */
  readonly partitionKey?: string;
}

/** Writes integration events to the outbox of the caller's transaction. */
export interface EventWriter {
  append<D extends EventDefinition>(tx: Tx, definition: D, draft: EventDraft<D>): Promise<EventOf<D>>;
}

/** Creates the event writer of a service. */
export const createEventWriter = (clock: Clock, topicPrefix: string): EventWriter => ({
  async append(tx, definition, draft) {
    const { partitionKey, ...fields } = draft;
    const event = buildEvent(definition, {
      ...fields,
      id: clock.newId(),
      occurredAt: clock.now().toISOString(),
    });
    await appendToOutbox(tx, definition, event, topicPrefix, partitionKey ?? event.aggregateId);
    return event;
  },
});
