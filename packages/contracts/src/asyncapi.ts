import { z } from 'zod';
import type { EventDefinition } from './define-event.ts';
import { envelopeSchema } from './envelope.ts';
import { EVENT_DEFINITIONS } from './registry.ts';
import { TOPICS, type TopicSpec } from './topics.ts';

const messageName = (d: EventDefinition) => `${d.type}V${String(d.version)}`;
const channelName = (topic: TopicSpec) => topic.name.replaceAll('.', '_').replaceAll('-', '_');

/** The JSON schema of an event's `data` as producers send it (defaults not yet applied). */
export const dataJsonSchema = (d: EventDefinition): Record<string, unknown> => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(d.schema, { io: 'input', unrepresentable: 'any' });
  return schema;
};

const envelopeJsonSchema = (d: EventDefinition): Record<string, unknown> => {
  const { $schema: _dialect, ...envelope } = z.toJSONSchema(envelopeSchema, { io: 'input' }) as {
    $schema?: string;
    properties: Record<string, unknown>;
  };
  return {
    ...envelope,
    properties: {
      ...envelope.properties,
      type: { type: 'string', const: d.type },
      version: { type: 'integer', const: d.version },
      data: dataJsonSchema(d),
    },
  };
};

/**
 * The AsyncAPI 3 document of every integration event, generated from the contracts (the one
 * source of truth): a channel per topic (its address without the deployment prefix), a message
 * per event version with its envelope and data schemas, the Kafka key, and the personal fields
 * each event carries (`x-personal-fields`, as in PERSONAL-DATA.md); one send operation per
 * topic for the service that owns it.
 */
export const asyncApiDocument = (): Record<string, unknown> => {
  const topics = Object.values(TOPICS);
  const channels = Object.fromEntries(
    topics.map((topic) => [
      channelName(topic),
      {
        address: topic.name,
        description: `Events of ${topic.name.split('.')[0] ?? topic.name}; Kafka key: the aggregate (or the person, where order per person matters).`,
        bindings: { kafka: { topic: topic.name, partitions: topic.partitions, bindingVersion: '0.5.0' } },
        messages: Object.fromEntries(
          EVENT_DEFINITIONS.filter((d) => d.topic.name === topic.name).map((d) => [
            messageName(d),
            { $ref: `#/components/messages/${messageName(d)}` },
          ]),
        ),
      },
    ]),
  );
  const messages = Object.fromEntries(
    EVENT_DEFINITIONS.map((d) => [
      messageName(d),
      {
        name: d.type,
        title: `${d.type} v${String(d.version)}`,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            'event-id': { type: 'string' },
            'event-type': { type: 'string' },
            'correlation-id': { type: 'string' },
            'tenant-id': { type: 'string' },
          },
        },
        payload: envelopeJsonSchema(d),
        'x-personal-fields': d.personalFields,
      },
    ]),
  );
  const operations = Object.fromEntries(
    topics.map((topic) => [
      `publish_${channelName(topic)}`,
      {
        action: 'send',
        summary: `${topic.name.split('.')[0] ?? ''} publishes through its outbox (at least once; consumers keep an inbox)`,
        channel: { $ref: `#/channels/${channelName(topic)}` },
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Relais integration events',
      version: '1.0.0',
      description:
        'Article 60 §7 placements for Belgian CPAS: the events services exchange over Kafka. Generated from packages/contracts.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
};
