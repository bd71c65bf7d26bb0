import {
  buildEvent,
  TOPICS,
  TrialEndedV1,
  topicName,
  type DataOf,
  type Envelope,
  type EventOf,
} from '@relais/contracts';
import type { BaseConfig } from '@relais/service-kit';
import { readTopic, startTestService, testKafka, waitFor, type TestService } from '@relais/testing';
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { placementService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000e1';
const otherTenant = '0190a000-0000-7000-8000-0000000000e2';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);

let pl: TestService<BaseConfig>;
let producer: Producer;

interface PlacementView {
  id: string;
  personId: string;
  hostEmployerId: string;
  startDate: string;
  status: string;
  endDate?: string;
  endReason?: string;
}

interface ProblemView {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

const newPlacement = (personId = uuidv7()) => ({
  personId,
  hostEmployerId: uuidv7(),
  startDate: '2026-03-02',
});

const post = (payload: object, headers: Record<string, string> = { 'x-tenant-id': tenantId }) =>
  pl.service.app.inject({ method: 'POST', url: '/placements', payload, headers });

const start = async (body = newPlacement()): Promise<PlacementView> => {
  const res = await post(body);
  expect(res.statusCode).toBe(201);
  return res.json<PlacementView>();
};

const get = (id: string, tenant = tenantId) =>
  pl.service.app.inject({ url: `/placements/${id}`, headers: { 'x-tenant-id': tenant } });

const trialEnded = (
  placement: PlacementView,
  data: Partial<DataOf<typeof TrialEndedV1>> = {},
  tenant = tenantId,
): EventOf<typeof TrialEndedV1> => {
  const trialPeriodId = uuidv7();
  return buildEvent(TrialEndedV1, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId: tenant,
    aggregateId: trialPeriodId,
    correlationId: uuidv7(),
    causationId: null,
    data: {
      trialPeriodId,
      placementId: placement.id,
      personId: placement.personId,
      placementStartDate: placement.startDate,
      outcome: 'not_conclusive',
      lastWorkedDay: '2026-03-20',
      reasonCode: 'host_needs_changed',
      initiatedBy: 'host',
      ...data,
    },
  });
};

/** Puts events on the trial-period topic as its relay does: keyed by the person. */
const publish = async (...events: EventOf<typeof TrialEndedV1>[]) => {
  await producer.send({
    topic: topicName(TOPICS.trialPeriod, pl.prefix),
    messages: events.map((e) => ({ key: e.data.personId, value: JSON.stringify(e) })),
  });
};

const consumed = (eventId: string) =>
  waitFor(
    async () => {
      const { rowCount } = await pl.service.context.pool.query('SELECT 1 FROM inbox WHERE event_id = $1', [
        eventId,
      ]);
      return rowCount === 1;
    },
    { what: `event ${eventId} to be consumed` },
  );

const ended = (id: string) =>
  waitFor(
    async () => {
      const view = (await get(id)).json<PlacementView>();
      return view.status === 'ended' ? view : undefined;
    },
    { what: `placement ${id} to end` },
  );

/** Event types in the outbox about one person, in commit order. */
const outboxOfPerson = async (personId: string): Promise<string[]> =>
  (
    await pl.service.context.pool.query<{ event_type: string }>(
      `SELECT event_type FROM outbox WHERE envelope->'data'->>'personId' = $1 ORDER BY seq`,
      [personId],
    )
  ).rows.map((r) => r.event_type);

beforeAll(async () => {
  pl = await startTestService(placementService, infra);
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await pl.close();
});

describe('placement: starting a placement', () => {
  it('given a person with no placement, when one is started, then 201 with Location and PlacementStarted keyed by the person', async () => {
    const body = newPlacement();
    const correlationId = uuidv7();
    const res = await post(body, { 'x-tenant-id': tenantId, 'x-correlation-id': correlationId });
    expect(res.statusCode).toBe(201);
    const placement = res.json<PlacementView>();
    expect(placement).toEqual({ id: expect.any(String), ...body, status: 'started' });
    expect(res.headers.location).toBe(`/placements/${placement.id}`);
    expect(res.headers['x-correlation-id']).toBe(correlationId);

    const read = await pl.service.app.inject({
      url: res.headers.location,
      headers: { 'x-tenant-id': tenantId },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(placement);

    const [message, ...others] = await waitFor(
      async () => {
        const found = (await readTopic(kafka, TOPICS.placement, pl.prefix)).filter(
          (m) => (JSON.parse(m.value ?? '{}') as Envelope).aggregateId === placement.id,
        );
        return found.length > 0 ? found : undefined;
      },
      { what: 'PlacementStarted on the placement topic' },
    );
    expect(others).toEqual([]);
    expect(message?.key).toBe(body.personId);
    expect(JSON.parse(message?.value ?? '{}')).toEqual({
      id: expect.any(String),
      type: 'PlacementStarted',
      version: 1,
      tenantId,
      aggregateId: placement.id,
      occurredAt: expect.any(String),
      correlationId,
      causationId: null,
      data: { placementId: placement.id, ...body },
    });
  });

  it('given a started placement of the person, when another is started, then 409 PERSON_ALREADY_PLACED names personId and nothing is written', async () => {
    const first = await start();
    const res = await post(newPlacement(first.personId));
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<ProblemView>()).toMatchObject({
      status: 409,
      code: 'PERSON_ALREADY_PLACED',
      errors: [{ field: 'personId' }],
    });
    expect(await outboxOfPerson(first.personId)).toEqual(['PlacementStarted']);
    expect((await get(first.id)).json()).toEqual(first);
  });

  it('given a person with no placement, when several placements of that person are posted at once, then exactly one is created', async () => {
    const personId = uuidv7();
    // Open idle connections first: otherwise the first request commits while the pool still connects for the others.
    await Promise.all(
      Array.from({ length: 4 }, () => pl.service.context.pool.query('SELECT pg_sleep(0.02)')),
    );
    const results = await Promise.all(Array.from({ length: 4 }, () => post(newPlacement(personId))));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const refused of results.filter((r) => r.statusCode === 409)) {
      expect(refused.json<ProblemView>()).toMatchObject({
        code: 'PERSON_ALREADY_PLACED',
        errors: [{ field: 'personId' }],
      });
    }
    const { rows } = await pl.service.context.pool.query('SELECT id FROM placements WHERE person_id = $1', [
      personId,
    ]);
    expect(rows).toHaveLength(1);
    expect(await outboxOfPerson(personId)).toEqual(['PlacementStarted']);
  });

  it.each([
    [
      'fields of the wrong shape or missing',
      { personId: 'nobody', startDate: '2026-13-01' },
      ['body.personId', 'body.hostEmployerId', 'body.startDate'],
    ],
    ['an impossible start date', { ...newPlacement(), startDate: '2026-02-29' }, ['body.startDate']],
    ['no body at all', undefined, ['body']],
  ])('given a body with %s, when it is posted, then 400 names %j', async (_what, payload, fields) => {
    const res = await pl.service.app.inject({
      method: 'POST',
      url: '/placements',
      headers: { 'x-tenant-id': tenantId },
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<ProblemView>();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((e) => e.field)).toEqual(fields);
  });

  it('given no tenant header, when a placement is posted, then 400 names the header', async () => {
    const res = await post(newPlacement(), {});
    expect(res.statusCode).toBe(400);
    expect(res.json<ProblemView>().errors?.map((e) => e.field)).toEqual(['headers.x-tenant-id']);
  });
});

describe('placement: reading placements', () => {
  it("given another CPAS's placement, when it is read, then 404 (never 403)", async () => {
    const placement = await start();
    const res = await get(placement.id, otherTenant);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, code: 'PLACEMENT_NOT_FOUND' });
  });

  it('given an unknown or malformed id, when it is read, then 404 or 400 naming the parameter', async () => {
    const unknown = await get(uuidv7());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'PLACEMENT_NOT_FOUND' });
    const malformed = await get('42');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<ProblemView>().errors?.map((e) => e.field)).toEqual(['params.placementId']);
  });
});

describe('placement: ending a placement when its trial ends', () => {
  it.each([
    ['not_conclusive', 'trial_not_conclusive'],
    ['ended_early', 'trial_ended_early'],
  ] as const)(
    'given a started placement, when TrialEnded (%s) is consumed, then it ends on the last worked day and the person can be placed again',
    async (outcome, endReason) => {
      const placement = await start();
      await publish(trialEnded(placement, { outcome, lastWorkedDay: '2026-03-20' }));
      expect(await ended(placement.id)).toEqual({
        ...placement,
        status: 'ended',
        endDate: '2026-03-20',
        endReason,
      });
      const again = await post({ ...newPlacement(placement.personId), startDate: '2026-05-04' });
      expect(again.statusCode).toBe(201);
      expect(again.json<PlacementView>().id).not.toBe(placement.id);
    },
  );

  it('given an ended placement, when a TrialEnded is redelivered or re-emitted with another day, then the first end stands', async () => {
    const placement = await start();
    const first = trialEnded(placement, { lastWorkedDay: '2026-03-20' });
    const reEmitted = { ...first, id: uuidv7(), data: { ...first.data, lastWorkedDay: '2026-03-27' } };
    await publish(first, first, reEmitted);
    await consumed(reEmitted.id);
    expect((await get(placement.id)).json()).toMatchObject({ status: 'ended', endDate: '2026-03-20' });
  });

  it("given a started placement, when another CPAS's TrialEnded names it, then it stays started", async () => {
    const placement = await start();
    const foreign = trialEnded(placement, {}, otherTenant);
    await publish(foreign);
    await consumed(foreign.id);
    expect((await get(placement.id)).json()).toEqual(placement);
  });
});

describe('placement: operations', () => {
  it('given the service runs, when asked, then it is ready and documents its routes', async () => {
    const ready = await pl.service.app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true, checks: { postgres: 'up', redis: 'up', kafka: 'up' } });
    const openapi = await pl.service.app.inject({ url: '/openapi.json' });
    expect(Object.keys(openapi.json<{ paths: object }>().paths)).toEqual(
      expect.arrayContaining(['/placements', '/placements/{placementId}']),
    );
  });
});
