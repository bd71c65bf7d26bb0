import type { SourceMessage } from './dead-letter-store.ts';
import type { OutgoingMessage, Publisher } from './kafka.ts';

/** What the dead-letter topic says about a stored message. */
export interface DeadLetterNotice {
  readonly id: string;
  readonly status: string;
  readonly reason: string;
  readonly detail: unknown;
}

/** Whether the broker refused a message for its size (kafkajs: a protocol error `MESSAGE_TOO_LARGE`). */
export const isMessageTooLarge = (error: unknown): boolean => {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const fields = e as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
    if (fields.type === 'MESSAGE_TOO_LARGE' || fields.type === 'RECORD_LIST_TOO_LARGE') return true;
    const inner = Array.isArray(fields.errors) ? (fields.errors as unknown[]) : [];
    return [fields.cause, fields.originalError, ...inner].some(visit);
  };
  return visit(error);
};

/**
 * Puts a stored message on the service's dead-letter topic: its own key, value and headers, plus
 * `dlq-*` headers (reason, detail, source, the dead letter's id and status). A value the topic
 * refuses for its size goes without it, with `dlq-value: kept-in-database`: the `dead_letters`
 * row holds it, so nothing is lost.
 */
export const publishDeadLetter = async (
  publisher: Publisher,
  deadLetterTopic: string,
  source: SourceMessage,
  notice: DeadLetterNotice,
): Promise<void> => {
  const message: OutgoingMessage = {
    topic: deadLetterTopic,
    key: source.key,
    value: source.value,
    headers: {
      ...source.headers,
      'dlq-reason': notice.reason,
      'dlq-detail': JSON.stringify(notice.detail ?? null).slice(0, 4000),
      'dlq-source-topic': source.topic,
      'dlq-source-partition': String(source.partition),
      'dlq-source-offset': source.offset,
      'dlq-consumer-group': source.consumerGroup,
      'dlq-failed-at': new Date().toISOString(),
      'dlq-dead-letter-id': notice.id,
      'dlq-status': notice.status,
    },
  };
  try {
    await publisher.publish([message]);
  } catch (error) {
    if (!isMessageTooLarge(error)) throw error;
    await publisher.publish([
      { ...message, value: null, headers: { ...message.headers, 'dlq-value': 'kept-in-database' } },
    ]);
  }
};
