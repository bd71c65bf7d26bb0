import { topicName, type Envelope, type EventDefinition } from '@relais/contracts';
import { currentTraceCarrier } from './tracing.ts';
import type { Tx } from './transaction.ts';
import { noteEvent, writeDeferred } from './unit-of-work.ts';

/** The channel that wakes the relay; NOTIFY is delivered at commit, so never before the row is visible. */
export const OUTBOX_CHANNEL = 'relais_outbox';

/**
 * Appends an event to the outbox inside the caller's transaction, so the event exists if
 * and only if the state change it announces was committed. The Kafka key is the aggregate
 * id unless the caller names a wider key (the person): events with one key keep their order.
 * The trace the caller runs in is stored with the row, so the relay — maybe another process,
 * later — puts it on the message and the consumer carries the trace on.
 */
export const appendToOutbox = async (
  tx: Tx,
  definition: EventDefinition,
  envelope: Envelope,
  topicPrefix: string,
  messageKey: string = envelope.aggregateId,
): Promise<void> => {
  // Written with the transaction's other deferred rows, with the relay's wake-up (delivered at
  // COMMIT), in one statement at the end: no round trip of its own on any event's path.
  await writeDeferred(tx, {
    table: 'outbox',
    columns: [
      'event_id',
      'tenant_id',
      'topic',
      'message_key',
      'event_type',
      'correlation_id',
      'envelope',
      'trace_context',
    ],
    values: [
      envelope.id,
      envelope.tenantId,
      topicName(definition.topic, topicPrefix),
      messageKey,
      envelope.type,
      envelope.correlationId,
      JSON.stringify(envelope),
      currentTraceCarrier(),
    ],
    notify: OUTBOX_CHANNEL,
  });
  noteEvent(tx, envelope);
};
