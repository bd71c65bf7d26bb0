import {
  DEAD_LETTER_TOPICS,
  IncomeReopenedV1,
  TOPICS,
  topicName,
  type EventDefinition,
  type EventOf,
} from '@relais/contracts';
import type { BaseConfig } from '@relais/service-kit';
import {
  authHeaders,
  readTopic,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { incomeContinuityService } from '../src/service.ts';
import { trialChain } from './chain.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000c1';
const otherTenant = '0190a000-0000-7000-8000-0000000000c2';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let ic: TestService<BaseConfig>;

const publish = async (...events: EventOf<EventDefinition>[]) => {
  const producer = kafka.producer();
  await producer.connect();
  for (const event of events) {
    const topic = event.type === 'PlacementStarted' ? TOPICS.placement : TOPICS.trialPeriod;
    const personId = (event.data as { personId: string }).personId;
    await producer.send({
      topic: topicName(topic, ic.prefix),
      messages: [{ key: personId, value: JSON.stringify(event) }],
    });
  }
  await producer.disconnect();
};

const chain = (personId?: string) => trialChain(tenantId, personId);

interface Coverage {
  periods: { kind: string; startDate: string; endDate: string | null; status: string }[];
  gaps: unknown[];
  reopenings: {
    trialPeriodId: string;
    effectiveFrom: string;
    proposals: { kind: string; status: string }[];
  }[];
}

const coverage = async (personId: string, tenant = tenantId): Promise<Coverage> => {
  const res = await ic.service.app.inject({
    url: `/persons/${personId}/income-coverage`,
    headers: await authHeaders({ tenantId: tenant, roles: 'social_worker' }),
  });
  expect(res.statusCode).toBe(200);
  return res.json<Coverage>();
};

const reopened = (personId: string) =>
  waitFor(async () => ((await coverage(personId)).reopenings.length > 0 ? coverage(personId) : undefined), {
    what: 'the reopening',
  });

beforeAll(async () => {
  // A trial end whose start never comes waits this long before it is parked (5 min by default).
  ic = await startTestService(incomeContinuityService, infra, {
    env: { KAFKA_WAIT_FOR_PRECEDING_MS: '8000' },
  });
});
afterAll(async () => {
  await ic.close();
});

describe('income-continuity against real PostgreSQL, Redis and Kafka', () => {
  it('suspends the RI at the placement start and reopens it the day after the last worked day, with the follow-up and the three proposals', async () => {
    const c = chain();
    await publish(c.started, c.ended);
    const view = await reopened(c.personId);
    expect(view.periods).toEqual([
      expect.objectContaining({
        kind: 'article60_salary',
        startDate: '2026-03-02',
        endDate: '2026-03-20',
        status: 'active',
      }),
      expect.objectContaining({
        kind: 'integration_income',
        startDate: '2026-03-21',
        endDate: null,
        status: 'provisional',
      }),
    ]);
    expect(view.gaps).toEqual([]);
    expect(view.reopenings).toEqual([
      expect.objectContaining({
        trialPeriodId: c.trialPeriodId,
        effectiveFrom: '2026-03-21',
        proposals: [
          { kind: 'continue_isp_follow_up', status: 'awaiting_committee' },
          { kind: 'reopen_integration_income', status: 'awaiting_committee' },
          { kind: 'take_note_of_trial_end', status: 'awaiting_committee' },
        ],
      }),
    ]);
    const followUps = await ic.service.app.inject({
      url: `/persons/${c.personId}/follow-ups`,
      headers: await authHeaders({ tenantId, roles: 'placement_officer' }),
    });
    expect(followUps.json()).toEqual({
      items: [
        expect.objectContaining({
          placementId: c.placementId,
          trialPeriodId: c.trialPeriodId,
          status: 'open',
          reason: 'trial_not_conclusive',
        }),
      ],
    });
  });

  it('announces IncomeReopened with the correlation id of the trial end and the trial end as its cause', async () => {
    const c = chain();
    await publish(c.started, c.ended);
    await reopened(c.personId);
    const event = await waitFor(
      async () =>
        (await readTopic(kafka, TOPICS.incomeContinuity, ic.prefix))
          .map((m) => JSON.parse(m.value ?? '{}') as EventOf<typeof IncomeReopenedV1>)
          .find((e) => e.data.personId === c.personId),
      { what: 'IncomeReopened on the topic' },
    );
    expect(event).toMatchObject({
      type: IncomeReopenedV1.type,
      version: 1,
      tenantId,
      correlationId: c.ended.correlationId,
      causationId: c.ended.id,
      data: { effectiveFrom: '2026-03-21', trialPeriodId: c.trialPeriodId },
    });
    const lines = ic.logs.filter((l) => l.correlationId === c.ended.correlationId);
    expect(lines.map((l) => l.msg)).toContain('income reopened and ISP follow-up continued');
  });

  it('audits what it does on its own for a person: each applied event, once, under the platform and the chain’s correlation id', async () => {
    const c = chain();
    await publish(c.started, c.ended, c.ended);
    await reopened(c.personId);
    const { rows } = await ic.db.query<{ route: string; actingRole: string; correlationId: string }>(
      `SELECT route, acting_role AS "actingRole", correlation_id AS "correlationId" FROM audit_log
        WHERE $1 = ANY(person_ids) AND acting_role = 'system' ORDER BY seq`,
      [c.personId],
    );
    expect(rows).toEqual([
      { route: 'PlacementStarted v1', actingRole: 'system', correlationId: c.started.correlationId },
      { route: 'TrialEnded v1', actingRole: 'system', correlationId: c.ended.correlationId },
    ]);
  });

  it('reopens once when the same TrialEnded is delivered twice (same id) and when it is re-emitted (new id)', async () => {
    const c = chain();
    const reEmitted = { ...c.ended, id: uuidv7() };
    await publish(c.started, c.ended, c.ended, reEmitted);
    await reopened(c.personId);
    const marker = chain(c.personId);
    // A later placement of the same person, in order after the duplicates: once it is applied, so are they.
    await publish({ ...marker.started, data: { ...marker.started.data, startDate: '2026-05-04' } });
    await waitFor(async () => (await coverage(c.personId)).periods.length === 3, {
      what: 'the later placement',
    });
    const view = await coverage(c.personId);
    expect(view.reopenings).toHaveLength(1);
    const { rows } = await ic.db.query(
      'SELECT count(*)::int AS n FROM income_reopenings WHERE trial_period_id = $1',
      [c.trialPeriodId],
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('lets a trial end consumed before its placement start wait for it, then ends up with the same timeline', async () => {
    const c = chain();
    await publish(c.ended);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await coverage(c.personId)).reopenings).toEqual([]);
    await publish(c.started);
    const view = await reopened(c.personId);
    expect(view.periods.map((p) => [p.kind, p.startDate, p.endDate])).toEqual([
      ['article60_salary', '2026-03-02', '2026-03-20'],
      ['integration_income', '2026-03-21', null],
    ]);
    // It was set aside for its start (not parked, nothing held), then applied by the consumer itself.
    const { rows } = await ic.db.query<{ status: string; reason: string; resolvedBy: string }>(
      'SELECT status, reason, resolved_by AS "resolvedBy" FROM dead_letters WHERE message_key = $1',
      [c.personId],
    );
    expect(rows).toEqual([{ status: 'replayed', reason: 'awaiting_preceding_event', resolvedBy: 'system' }]);
  });

  it('parks a trial end whose placement never started in its CPAS (a wrong CPAS, an unknown person), with no effect', async () => {
    const c = chain();
    const elsewhere = { ...c.ended, id: uuidv7(), tenantId: otherTenant };
    await publish(c.started, elsewhere);
    const letter = await waitFor(
      async () =>
        (
          await ic.db.query<{ status: string; reason: string; detail: { code: string } }>(
            "SELECT status, reason, detail FROM dead_letters WHERE event_id = $1 AND status = 'parked'",
            [elsewhere.id],
          )
        ).rows[0],
      { what: 'the trial end parked', timeoutMs: 30000 },
    );
    expect(letter).toMatchObject({
      status: 'parked',
      reason: 'rejected_by_handler',
      detail: { code: 'PLACEMENT_NOT_STARTED_HERE' },
    });
    expect((await coverage(c.personId)).reopenings).toEqual([]);
    expect((await coverage(c.personId, otherTenant)).periods).toEqual([]);
  });

  it('parks a malformed and a schema-invalid TrialEnded with their reasons, holds the person’s later events behind them, and reopens once the operator discarded both', async () => {
    const c = chain();
    const invalid = { ...c.ended, id: uuidv7(), data: { ...c.ended.data, lastWorkedDay: '20 March' } };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicName(TOPICS.trialPeriod, ic.prefix),
      messages: [
        { key: c.personId, value: '{"type":"TrialEnded",' },
        { key: c.personId, value: JSON.stringify(invalid) },
      ],
    });
    await producer.disconnect();
    await publish(c.started, c.ended);
    const letters = () =>
      ic.db
        .query<{ id: string; status: string; reason: string; eventId: string | null }>(
          'SELECT id, status, reason, event_id AS "eventId" FROM dead_letters WHERE message_key = $1 ORDER BY seq',
          [c.personId],
        )
        .then((r) => r.rows);
    // The unreadable one is parked; the person's trial end behind it waits. (The start travels on
    // another topic: it may have been applied before the first letter was parked, or wait too.)
    const held = await waitFor(
      async () => {
        const now = await letters();
        return now.some((l) => l.eventId === c.ended.id) ? now : undefined;
      },
      { what: 'the trial end held behind the unreadable message' },
    );
    expect(held.map((l) => [l.status, l.reason])).toEqual([
      ['parked', 'malformed_json'],
      ...held.slice(1).map(() => ['held', 'held_behind_parked']),
    ]);
    expect(held.find((l) => l.eventId === c.ended.id)?.status).toBe('held');
    expect((await coverage(c.personId)).reopenings).toEqual([]);
    const operator = await authHeaders({ tenantId, roles: 'platform_operator' });
    const discard = (id: string) =>
      ic.service.app.inject({
        method: 'POST',
        url: `/dead-letters/${id}/discard`,
        headers: operator,
        payload: { reason: 'garbled by a test producer' },
      });
    // Discarding the first releases the next, which cannot be read either and is parked in turn.
    expect((await discard(held[0]?.id ?? '')).statusCode).toBe(200);
    const second = (await letters()).find((l) => l.status === 'parked');
    expect(second).toMatchObject({ reason: 'invalid_data' });
    expect((await discard(second?.id ?? '')).statusCode).toBe(200);
    const view = await reopened(c.personId);
    expect(view.reopenings).toHaveLength(1);
    // The start may have been held too, after the snapshot above: whatever was held is replayed.
    const final = await letters();
    expect(final.map((l) => l.status)).toEqual([
      'discarded',
      'discarded',
      ...final.slice(2).map(() => 'replayed'),
    ]);
    expect(final.some((l) => l.eventId === c.ended.id && l.status === 'replayed')).toBe(true);
    const dead = (await readTopic(kafka, DEAD_LETTER_TOPICS.incomeContinuity, ic.prefix)).filter(
      (m) => m.key === c.personId,
    );
    expect(dead.map((m) => m.headers['dlq-reason'])).toEqual([
      'malformed_json',
      ...final.slice(1).map(() => 'held_behind_parked'),
    ]);
  });

  it("never shows one CPAS another CPAS's person", async () => {
    const c = chain();
    await publish(c.started, c.ended);
    await reopened(c.personId);
    expect(await coverage(c.personId, otherTenant)).toEqual({
      personId: c.personId,
      periods: [],
      gaps: [],
      reopenings: [],
      bridges: [],
      tasks: [],
    });
  });

  it('answers bad requests with problem details naming the field', async () => {
    const res = await ic.service.app.inject({ url: `/persons/${uuidv7()}/income-coverage` });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const badParam = await ic.service.app.inject({
      url: '/persons/not-a-uuid/income-coverage',
      headers: await authHeaders({ tenantId, roles: 'social_worker' }),
    });
    expect(badParam.json()).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'params.personId' }],
    });
  });

  it('is ready, documents its API and exposes metrics', async () => {
    const ready = await ic.service.app.inject({ url: '/health/ready' });
    // No Redis: the service does not use it, so a Redis outage leaves it ready.
    expect(ready.json()).toEqual({ ready: true, checks: { postgres: 'up', kafka: 'up' } });
    const openapi = await ic.service.app.inject({ url: '/openapi.json' });
    expect(Object.keys(openapi.json<{ paths: object }>().paths)).toEqual(
      expect.arrayContaining([
        '/persons/{personId}/income-coverage',
        '/persons/{personId}/follow-ups',
        '/health/ready',
      ]),
    );
    const metrics = await ic.service.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('relais_consumer_events_total');
    expect(metrics.body).toContain('relais_outbox_pending');
  });
});
