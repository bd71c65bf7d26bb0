import type { DataInputOf, EventDefinition, EventOf } from './define-event.ts';

/** What the caller supplies to build an event; ids and time come in, never from a global. */
export interface EventFields<D extends EventDefinition> {
  readonly id: string;
  readonly occurredAt: string;
  readonly tenantId: string;
  readonly aggregateId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly data: DataInputOf<D>;
}

/**
 * Builds an envelope for a declared event and checks its data against the contract, so a
 * producer can never put an event on a topic that its consumers would reject.
 */
export const buildEvent = <D extends EventDefinition>(definition: D, fields: EventFields<D>): EventOf<D> =>
  ({
    id: fields.id,
    type: definition.type,
    version: definition.version,
    tenantId: fields.tenantId,
    aggregateId: fields.aggregateId,
    occurredAt: fields.occurredAt,
    correlationId: fields.correlationId,
    causationId: fields.causationId,
    data: definition.schema.parse(fields.data),
  }) as EventOf<D>;
