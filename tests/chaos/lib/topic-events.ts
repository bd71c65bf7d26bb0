import type { TopicSpec } from '@relais/contracts';
import { readTopic } from '@relais/testing';
import type { Kafka } from 'kafkajs';

/** One message of a topic, as far as the history needs it. */
export interface TopicEvent {
  readonly id: string;
  readonly type: string;
}

/** How often each event (by id) of `type` is on a topic: at-least-once publishing may repeat one. */
export interface TopicCount {
  readonly messages: number;
  readonly distinct: number;
}

/** Every event now on the prefix's `spec` topic, read from the start (bounded by `timeoutMs`). */
export const eventsOnTopic = async (
  kafka: Kafka,
  spec: TopicSpec,
  prefix: string,
  timeoutMs = 60000,
): Promise<TopicEvent[]> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`reading ${prefix}${spec.name} took more than ${String(timeoutMs / 1000)} s`));
    }, timeoutMs);
  });
  try {
    const messages = await Promise.race([readTopic(kafka, spec, prefix), timeout]);
    return messages.map((m) => {
      const parsed = JSON.parse(m.value ?? '{}') as { id?: string; type?: string };
      return { id: parsed.id ?? '', type: parsed.type ?? '' };
    });
  } finally {
    clearTimeout(timer);
  }
};

/** Messages of `type` and their distinct event ids. */
export const countOf = (events: readonly TopicEvent[], type: string): TopicCount => {
  const ofType = events.filter((e) => e.type === type);
  return { messages: ofType.length, distinct: new Set(ofType.map((e) => e.id)).size };
};
