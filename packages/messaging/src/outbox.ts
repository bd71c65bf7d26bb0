import { topicName, type Envelope, type EventDefinition } from '@relais/contracts';
import type { Tx } from './transaction.ts';

/** The channel that wakes the relay; NOTIFY is delivered at commit, so never before the row is visible. */
export const OUTBOX_CHANNEL = 'relais_outbox';

/**
 * Appends an event to the outbox inside the caller's transaction, so the event exists if
 * and only if the state change it announces was committed. The Kafka key is the aggregate
 * id unless the caller names a wider key (the person): events with one key keep their order.
 */
export const appendToOutbox = async (
  tx: Tx,
  definition: EventDefinition,
  envelope: Envelope,
  topicPrefix: string,
  messageKey: string = envelope.aggregateId,
): Promise<void> => {
  await tx.query(
    `INSERT INTO outbox (event_id, tenant_id, topic, message_key, event_type, correlation_id, envelope)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      envelope.id,
      envelope.tenantId,
      topicName(definition.topic, topicPrefix),
      messageKey,
      envelope.type,
      envelope.correlationId,
      JSON.stringify(envelope),
    ],
  );
  await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
};
