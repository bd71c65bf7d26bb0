import {
  ALL_TOPICS,
  buildEvent,
  DEAD_LETTER_TOPICS,
  PlacementStartedV1,
  TOPICS,
  topicName,
} from '@relais/contracts';
import {
  appendToOutbox,
  createInboxConsumer,
  createKafka,
  createOutboxRelay,
  createPublisher,
  ensureTopics,
  on,
  withTenantTransaction,
  type InboxConsumer,
  type OutboxRelay,
  type Publisher,
} from '@relais/messaging';
import { migrate, startTracing, tracingConfigSchema, type Tracing } from '@relais/service-kit';
import {
  createTestDatabase,
  readTopic,
  startOtlpCollector,
  testKafka,
  uniquePrefix,
  waitFor,
  type OtlpCollector,
  type TestDatabase,
} from '@relais/testing';
import { trace } from '@opentelemetry/api';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000ab';
const logger = pino({ level: 'silent' });
const brokers = inject('kafkaBrokers');
const prefix = uniquePrefix('tracing');
const kafka = createKafka({ brokers, clientId: 'tracing-test', logger });
let db: TestDatabase;
let pool: pg.Pool;
let publisher: Publisher;
let consumer: InboxConsumer;
let relay: OutboxRelay;
let collector: OtlpCollector;

const placementStarted = (causationId: string | null = null) =>
  buildEvent(PlacementStartedV1, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId: uuidv7(),
    correlationId: uuidv7(),
    causationId,
    data: { placementId: uuidv7(), personId: uuidv7(), hostEmployerId: uuidv7(), startDate: '2026-03-02' },
  });

/** The handler answers a first event with a follow-up in its own outbox, as a service's use case does. */
const handlers = [
  on(PlacementStartedV1, async (tx, event) => {
    if (event.causationId === null)
      await appendToOutbox(tx, PlacementStartedV1, placementStarted(event.id), prefix);
  }),
];

interface OutboxTrace {
  event_id: string;
  trace_context: Record<string, string> | null;
}
const followUpOf = async (eventId: string) =>
  (
    await pool.query<OutboxTrace>(
      `SELECT event_id, trace_context FROM outbox WHERE envelope->>'causationId' = $1`,
      [eventId],
    )
  ).rows[0];
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

/** Writes an event, lets the relay publish it and the consumer apply it, and waits for the follow-up. */
const roundTrip = async (write: () => Promise<void>, eventId: string) => {
  await write();
  await relay.drain();
  const followUp = await waitFor(() => followUpOf(eventId), { what: 'the follow-up in the outbox' });
  await relay.drain();
  return followUp;
};

beforeAll(async () => {
  collector = await startOtlpCollector();
  db = await createTestDatabase(inject('postgresUrl'), 'tracing');
  await migrate({ databaseUrl: db.url, logger });
  pool = new pg.Pool({ connectionString: db.url, max: 5 });
  await ensureTopics(kafka, ALL_TOPICS, prefix);
  publisher = createPublisher(kafka);
  await publisher.connect();
  relay = createOutboxRelay({ pool, publisher, logger, pollIntervalMs: 60000 });
  consumer = createInboxConsumer({
    kafka,
    groupId: `${prefix}tracing`,
    topics: [topicName(TOPICS.placement, prefix)],
    deadLetterTopic: topicName(DEAD_LETTER_TOPICS.incomeContinuity, prefix),
    pool,
    publisher,
    handlers,
    logger,
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer.stop();
  await publisher.disconnect();
  await pool.end();
  await db.drop();
  await collector.close();
});

describe('trace context through outbox → relay → Kafka → consumer → outbox', () => {
  it('stores and sends nothing while tracing is off', async () => {
    const event = placementStarted();
    const followUp = await roundTrip(
      () =>
        withTenantTransaction(pool, tenantId, (tx) => appendToOutbox(tx, PlacementStartedV1, event, prefix)),
      event.id,
    );
    expect(followUp.trace_context).toBeNull();
    const sent = (await readTopic(testKafka(brokers), TOPICS.placement, prefix)).find(
      (m) => m.headers['event-id'] === event.id,
    );
    expect(sent?.headers).not.toHaveProperty('traceparent');
  });

  describe('with tracing on', () => {
    let tracing: Tracing;
    beforeAll(() => {
      tracing = startTracing({
        serviceName: 'messaging-test',
        serviceVersion: '0.0.0',
        config: tracingConfigSchema.parse({
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_BSP_SCHEDULE_DELAY: '50',
        }),
      });
    });
    afterAll(() => tracing.shutdown());

    it('continues the writer’s trace on the message, in the consumer and in the event the consumer writes', async () => {
      expect(tracing.enabled).toBe(true);
      const event = placementStarted();
      let traceId = '';
      const followUp = await roundTrip(
        () =>
          trace.getTracer('test').startActiveSpan('use case', async (span) => {
            traceId = span.spanContext().traceId;
            await withTenantTransaction(pool, tenantId, (tx) =>
              appendToOutbox(tx, PlacementStartedV1, event, prefix),
            );
            span.end();
          }),
        event.id,
      );
      expect(traceIdOf(followUp.trace_context?.traceparent)).toBe(traceId);
      const sent = (await readTopic(testKafka(brokers), TOPICS.placement, prefix)).filter((m) =>
        [event.id, followUp.event_id].includes(m.headers['event-id'] ?? ''),
      );
      expect(sent.map((m) => traceIdOf(m.headers.traceparent))).toEqual([traceId, traceId]);

      // The collector receives one trace: use case → publish → process → publish → process.
      const spans = await waitFor(
        () => {
          const inTrace = collector.spans.filter((s) => s.traceId === traceId);
          return inTrace.length >= 5 ? inTrace : undefined;
        },
        { what: 'five spans of the trace at the collector' },
      );
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const chain = (span: (typeof spans)[number] | undefined): string[] =>
        span ? [...chain(byId.get(span.parentSpanId)), span.name] : [];
      const topic = topicName(TOPICS.placement, prefix);
      const last = spans.find(
        (s) => s.name === `process ${topic}` && s.attributes['messaging.message.id'] === followUp.event_id,
      );
      expect(chain(last)).toEqual([
        'use case',
        `publish ${topic}`,
        `process ${topic}`,
        `publish ${topic}`,
        `process ${topic}`,
      ]);
      expect(spans.map((s) => s.kind).sort()).toEqual([1, 4, 4, 5, 5]);
      expect(collector.unreadable).toBe(0);
    });
  });
});
