import { buildEvent, PlacementStartedV1 } from '@relais/contracts';
import { belgianDay } from '@relais/service-kit';
import {
  authHeaders,
  produceEvents,
  startOtlpCollector,
  startProcessStack,
  testKafka,
  waitFor,
  type CollectedSpan,
  type OtlpCollector,
  type ProcessStack,
} from '@relais/testing';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000e9';
const names = ['trial-period', 'income-continuity', 'committee', 'notifications'] as const;
type Name = (typeof names)[number];
const officer = { tenantId, roles: 'placement_officer' as const, userId: uuidv7() };
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let collector: OtlpCollector;
let stack: ProcessStack<Name>;
const today = belgianDay(new Date());

const call = async <T>(
  name: Name,
  path: string,
  init: { body?: unknown; headers?: Record<string, string> } = {},
) => {
  const res = await fetch(`${stack.service(name).url}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(await authHeaders(officer)),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  collector = await startOtlpCollector();
  stack = await startProcessStack({
    names,
    label: 'e2e-tracing',
    infra,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
  });
});

afterAll(async () => {
  await stack.close();
  await collector.close();
});

describe('one trace across service processes', () => {
  it('follows a trial outcome to the reopened income, the committee’s agenda and the notification', async () => {
    const personId = uuidv7();
    const placementId = uuidv7();
    const started = buildEvent(PlacementStartedV1, {
      id: uuidv7(),
      occurredAt: new Date().toISOString(),
      tenantId,
      aggregateId: placementId,
      correlationId: uuidv7(),
      causationId: null,
      data: { placementId, personId, hostEmployerId: uuidv7(), startDate: today },
    });
    await produceEvents(testKafka(infra.kafkaBrokers), stack.prefix, [started], personId);
    const trial = await waitFor(
      async () =>
        (await call<{ items: { id: string }[] }>('trial-period', `/trial-periods?placementId=${placementId}`))
          .body.items[0],
      { what: 'the trial period to open' },
    );

    // The caller (the edge, a browser's tracing) starts the trace.
    const traceId = randomBytes(16).toString('hex');
    const ended = await call('trial-period', `/trial-periods/${trial.id}/outcome`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: {
        outcome: 'not_conclusive',
        lastWorkedDay: today,
        reasonCode: 'tasks_not_matching_skills',
        initiatedBy: 'host',
      },
    });
    expect(ended.status).toBe(200);

    const consumed = (spans: CollectedSpan[], service: Name, type: string) =>
      spans.find((s) => s.service === service && s.kind === 5 && s.attributes['relais.event.type'] === type);
    /** From the outermost span collected down to `span`, following parents. */
    const path = (spans: CollectedSpan[], span: CollectedSpan | undefined): string[] => {
      const parentOf = (s: CollectedSpan) => spans.find((p) => p.spanId === s.parentSpanId);
      return span
        ? [
            ...path(spans, parentOf(span)),
            `${span.service}: ${span.kind === 5 ? 'process ' : ''}${(span.attributes['relais.event.type'] as string | undefined) ?? span.name}`,
          ]
        : [];
    };
    const server = 'trial-period: POST /trial-periods/:trialPeriodId/outcome';
    const readers = ['committee', 'notifications'] as const;
    // Each process exports its spans on its own schedule: a consumer's span can reach the
    // collector before those of the services upstream, so wait until each path reaches the server.
    const spans = await waitFor(
      () => {
        const inTrace = collector.spans.filter((s) => s.traceId === traceId);
        return readers.every((service) =>
          path(inTrace, consumed(inTrace, service, 'IncomeReopened')).includes(server),
        )
          ? inTrace
          : undefined;
      },
      { what: 'the committee and notifications to consume IncomeReopened in the trace', timeoutMs: 30000 },
      // Past the wait, the assertions below show which part of the path is missing.
    ).catch(() => collector.spans.filter((s) => s.traceId === traceId));
    for (const service of readers)
      expect(path(spans, consumed(spans, service, 'IncomeReopened'))).toEqual([
        server,
        'trial-period: TrialEnded',
        'income-continuity: process TrialEnded',
        'income-continuity: IncomeReopened',
        `${service}: process IncomeReopened`,
      ]);
    expect(collector.unreadable).toBe(0);
    // Log lines written inside the trace lead to it.
    for (const name of ['trial-period', 'income-continuity'] as const)
      expect(stack.service(name).logs.some((line) => line.trace_id === traceId)).toBe(true);
  });
});
