import {
  buildEvent,
  PlacementStartedV1,
  TOPICS,
  topicName,
  type DataOf,
  type Envelope,
  type EventOf,
} from '@relais/contracts';
import type { Clock } from '@relais/service-kit';
import type { TrialPeriodConfig } from '../src/config.ts';
import {
  authHeaders,
  readTopic,
  startTestService,
  testKafka,
  waitFor,
  type ReadMessage,
  type TestService,
} from '@relais/testing';
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTenantTransaction } from '@relais/messaging';
import { findTrial, saveDecision } from '../src/db/trial-periods.ts';
import { trialPeriodService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000d1';
const otherTenant = '0190a000-0000-7000-8000-0000000000d2';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);

// 23:30 UTC on 23 March is already 24 March in Brussels (CET, UTC+1): decisions are dated in Belgian days.
const NOW = new Date('2026-03-23T23:30:00Z');
const TODAY_IN_BRUSSELS = '2026-03-24';
const clock: Clock = { now: () => NOW, newId: () => uuidv7() };
const officerId = uuidv7();
/** The placement officer of a CPAS, signed in. */
const officerOf = (tenant: string) =>
  authHeaders({ tenantId: tenant, roles: 'placement_officer', userId: officerId });

let tp: TestService<TrialPeriodConfig>;
let producer: Producer;

interface TrialView {
  id: string;
  placementId: string;
  personId: string;
  startDate: string;
  status: string;
  outcome?: string;
  lastWorkedDay?: string;
  reasonCode?: string;
  initiatedBy?: string;
  decidedOn?: string;
}

interface ProblemView {
  type: string;
  status: number;
  code: string;
  detail: string;
  correlationId: string;
  errors?: { field: string; message: string }[];
}

const notConclusive = {
  outcome: 'not_conclusive',
  lastWorkedDay: '2026-03-20',
  reasonCode: 'tasks_not_matching_skills',
  initiatedBy: 'host',
} as const;

const placementStarted = (
  data: Partial<DataOf<typeof PlacementStartedV1>> = {},
  tenant = tenantId,
): EventOf<typeof PlacementStartedV1> => {
  const placementId = data.placementId ?? uuidv7();
  return buildEvent(PlacementStartedV1, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId: tenant,
    aggregateId: placementId,
    correlationId: uuidv7(),
    causationId: null,
    data: {
      placementId,
      personId: uuidv7(),
      hostEmployerId: uuidv7(),
      // Four days before NOW: the first check-in (day 5) is not yet due, so no reminder event
      // joins the decision events these tests count.
      startDate: '2026-03-20',
      ...data,
    },
  });
};

/** Puts events on the placement topic as the placement service's relay does: keyed by the person. */
const publish = async (...events: EventOf<typeof PlacementStartedV1>[]) => {
  await producer.send({
    topic: topicName(TOPICS.placement, tp.prefix),
    messages: events.map((e) => ({ key: e.data.personId, value: JSON.stringify(e) })),
  });
};

const listTrials = async (placementId: string, tenant = tenantId): Promise<TrialView[]> => {
  const res = await tp.service.app.inject({
    url: `/trial-periods?placementId=${placementId}`,
    headers: await officerOf(tenant),
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: TrialView[] }>().items;
};

const getTrial = async (id: string, tenant = tenantId) =>
  tp.service.app.inject({ url: `/trial-periods/${id}`, headers: await officerOf(tenant) });

const postOutcome = async (id: string, payload: object, headers?: Record<string, string>) =>
  tp.service.app.inject({
    method: 'POST',
    url: `/trial-periods/${id}/outcome`,
    payload,
    headers: headers ?? (await officerOf(tenantId)),
  });

const openTrial = async (tenant = tenantId) => {
  const started = placementStarted({}, tenant);
  await publish(started);
  const trial = await waitFor(async () => (await listTrials(started.data.placementId, tenant))[0], {
    what: 'the trial to open',
  });
  return { started, trial };
};

/** Event types in the outbox for one trial, in commit order (read as the owner: every CPAS). */
const outboxOf = async (trialId: string): Promise<string[]> =>
  (
    await tp.db.query<{ event_type: string }>(
      `SELECT event_type FROM outbox WHERE envelope->>'aggregateId' = $1 ORDER BY seq`,
      [trialId],
    )
  ).rows.map((r) => r.event_type);

/** The one message announcing the decision of a trial, once the relay has published it. */
const publishedOnce = async (trialId: string): Promise<{ message: ReadMessage; event: Envelope }> => {
  const found = await waitFor(
    async () => {
      const matching = (await readTopic(kafka, TOPICS.trialPeriod, tp.prefix))
        .map((message) => ({ message, event: JSON.parse(message.value ?? '{}') as Envelope }))
        .filter(({ event }) => event.aggregateId === trialId);
      return matching.length > 0 ? matching : undefined;
    },
    { what: `the event of trial ${trialId} on the trial-period topic` },
  );
  const [only, ...others] = found;
  expect(others).toEqual([]);
  if (!only) throw new Error(`no event for trial ${trialId}`);
  return only;
};

beforeAll(async () => {
  tp = await startTestService(trialPeriodService, infra, { overrides: { clock } });
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await tp.close();
});

describe('trial-period: opening trials from PlacementStarted', () => {
  it('given a PlacementStarted on the placement topic, when it is consumed, then a running trial opens for the placement', async () => {
    const { started, trial } = await openTrial();
    expect(trial).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      placementId: started.data.placementId,
      personId: started.data.personId,
      startDate: '2026-03-20',
      settingsId: expect.any(String),
      lengthDays: 30,
      plannedEndDate: '2026-04-18',
      placementEnd: null,
      status: 'running',
    });
    const res = await getTrial(trial.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(trial);
  });

  it('given a PlacementStarted redelivered (same id) and re-emitted (new id), when all are consumed, then the placement has exactly one trial', async () => {
    const started = placementStarted();
    const reEmitted = { ...started, id: uuidv7() };
    await publish(started, started, reEmitted);
    // Same key, same partition: once the re-emission is in the inbox, the redelivery before it was handled too.
    await waitFor(
      async () => {
        const { rowCount } = await tp.db.query('SELECT 1 FROM inbox WHERE event_id = $1', [reEmitted.id]);
        return rowCount === 1;
      },
      { what: 'the re-emitted PlacementStarted to be consumed' },
    );
    const trials = await listTrials(started.data.placementId);
    expect(trials).toHaveLength(1);
    const { rows } = await tp.db.query<{ opened_by_event_id: string }>(
      'SELECT opened_by_event_id FROM trial_periods WHERE placement_id = $1',
      [started.data.placementId],
    );
    expect(rows).toEqual([{ opened_by_event_id: started.id }]);
  });

  it('given a trial of another CPAS, when it is listed, read or decided, then it is not found (404, never 403) and unchanged', async () => {
    const { started, trial } = await openTrial(otherTenant);
    expect(await listTrials(started.data.placementId, tenantId)).toEqual([]);
    const read = await getTrial(trial.id, tenantId);
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ status: 404, code: 'TRIAL_NOT_FOUND' });
    const decided = await postOutcome(trial.id, notConclusive, await officerOf(tenantId));
    expect(decided.statusCode).toBe(404);
    expect(decided.json()).toMatchObject({ code: 'TRIAL_NOT_FOUND' });
    expect((await getTrial(trial.id, otherTenant)).json()).toMatchObject({ status: 'running' });
    expect(await outboxOf(trial.id)).toEqual([]);
  });
});

describe('trial-period: recording an outcome', () => {
  it('given a running trial, when it is not conclusive, then 200 and TrialEnded (keyed by person, with the request correlation id) is published', async () => {
    const { started, trial } = await openTrial();
    const correlationId = uuidv7();
    const res = await postOutcome(trial.id, notConclusive, {
      ...(await officerOf(tenantId)),
      'x-correlation-id': correlationId,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-correlation-id']).toBe(correlationId);
    expect(res.json()).toEqual({
      ...trial,
      status: 'ended',
      ...notConclusive,
      officerAnalysis: null,
      decidedOn: TODAY_IN_BRUSSELS,
    });

    const { message, event } = await publishedOnce(trial.id);
    expect(message.key).toBe(started.data.personId);
    expect(message.headers['correlation-id']).toBe(correlationId);
    expect(event).toEqual({
      id: expect.any(String),
      type: 'TrialEnded',
      version: 1,
      tenantId,
      aggregateId: trial.id,
      occurredAt: NOW.toISOString(),
      correlationId,
      causationId: null,
      data: {
        trialPeriodId: trial.id,
        placementId: started.data.placementId,
        personId: started.data.personId,
        placementStartDate: '2026-03-20',
        ...notConclusive,
        officerAnalysis: null,
      },
    });
  });

  it('given a decided trial, when a second outcome is recorded, then 409 TRIAL_ALREADY_DECIDED and no second event', async () => {
    const { trial } = await openTrial();
    expect((await postOutcome(trial.id, notConclusive)).statusCode).toBe(200);
    const second = await postOutcome(trial.id, { outcome: 'conclusive' });
    expect(second.statusCode).toBe(409);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect(second.json()).toMatchObject({
      type: 'urn:relais:problem:trial-already-decided',
      title: 'Conflict',
      status: 409,
      code: 'TRIAL_ALREADY_DECIDED',
      instance: `/trial-periods/${trial.id}/outcome`,
    });
    expect(await outboxOf(trial.id)).toEqual(['TrialEnded']);
    expect((await getTrial(trial.id)).json()).toMatchObject({ status: 'ended', outcome: 'not_conclusive' });
  });

  it('given a trial decided meanwhile, when a decision is saved without its lock, then the statement itself refuses it and nothing of its transaction is committed', async () => {
    const { trial } = await openTrial();
    expect((await postOutcome(trial.id, notConclusive)).statusCode).toBe(200);
    const decided = await withTenantTransaction(tp.service.context.pool, tenantId, (tx) =>
      findTrial(tx, tenantId, trial.id),
    );
    if (!decided) throw new Error('the decided trial is not there');
    const before: unknown = (await getTrial(trial.id)).json();
    await expect(
      withTenantTransaction(tp.service.context.pool, tenantId, async (tx) => {
        await tx.query(
          `UPDATE trial_periods SET officer_analysis = 'changed in the refused transaction' WHERE id = $1`,
          [trial.id],
        );
        await saveDecision(tx, decided, { id: uuidv7(), role: 'placement_officer' });
      }),
    ).rejects.toThrow(`trial period ${trial.id} was not running when its decision was saved`);
    expect((await getTrial(trial.id)).json()).toEqual(before);
    expect(await outboxOf(trial.id)).toEqual(['TrialEnded']);
  });

  it('given a running trial, when several outcomes race, then exactly one wins and exactly one event is written', async () => {
    const { trial } = await openTrial();
    // Open idle connections first: otherwise the first request commits while the pool still connects for the others.
    await Promise.all(
      Array.from({ length: 4 }, () => tp.service.context.pool.query('SELECT pg_sleep(0.02)')),
    );
    const results = await Promise.all([
      postOutcome(trial.id, { outcome: 'conclusive' }),
      postOutcome(trial.id, notConclusive),
      postOutcome(trial.id, { outcome: 'conclusive' }),
      postOutcome(trial.id, { ...notConclusive, outcome: 'ended_early' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const winner = results.find((r) => r.statusCode === 200)?.json<TrialView>();
    expect(await outboxOf(trial.id)).toEqual([winner?.status === 'passed' ? 'TrialPassed' : 'TrialEnded']);
  });

  it('given a running trial, when it is conclusive, then it passes and TrialPassed is published keyed by the person', async () => {
    const { started, trial } = await openTrial();
    const res = await postOutcome(trial.id, { outcome: 'conclusive' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ...trial,
      status: 'passed',
      decidedOn: TODAY_IN_BRUSSELS,
      officerAnalysis: null,
    });
    const { message, event } = await publishedOnce(trial.id);
    expect(message.key).toBe(started.data.personId);
    expect(event).toMatchObject({
      type: 'TrialPassed',
      version: 1,
      data: {
        trialPeriodId: trial.id,
        placementId: started.data.placementId,
        personId: started.data.personId,
        decidedOn: TODAY_IN_BRUSSELS,
      },
    });
  });

  it('given a running trial, when the last worked day precedes the start, then 422 names lastWorkedDay and nothing is written', async () => {
    const { trial } = await openTrial();
    const res = await postOutcome(trial.id, { ...notConclusive, lastWorkedDay: '2026-03-01' });
    expect(res.statusCode).toBe(422);
    expect(res.json<ProblemView>()).toMatchObject({
      status: 422,
      code: 'LAST_WORKED_DAY_BEFORE_START',
      errors: [{ field: 'lastWorkedDay' }],
    });
    expect((await getTrial(trial.id)).json()).toMatchObject({ status: 'running' });
    expect(await outboxOf(trial.id)).toEqual([]);
  });

  it.each([
    ['an impossible date', { ...notConclusive, lastWorkedDay: '2026-02-30' }, 'body.lastWorkedDay'],
    ['a date in another format', { ...notConclusive, lastWorkedDay: '20/03/2026' }, 'body.lastWorkedDay'],
    ['an unknown outcome', { ...notConclusive, outcome: 'failed' }, 'body.outcome'],
    ['no outcome', {}, 'body.outcome'],
    ['no reason code', { ...notConclusive, reasonCode: undefined }, 'body.reasonCode'],
    ['an unknown initiator', { ...notConclusive, initiatedBy: 'mayor' }, 'body.initiatedBy'],
  ])('given a running trial, when the body has %s, then 400 names %s', async (_what, payload, field) => {
    const { trial } = await openTrial();
    const res = await postOutcome(trial.id, payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<ProblemView>();
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
    expect((await getTrial(trial.id)).json()).toMatchObject({ status: 'running' });
  });

  it('given no sign-in, another role or a malformed trial id, when an outcome is posted, then 401, 403 or 400 naming the parameter', async () => {
    const { trial } = await openTrial();
    // Older callers sent only a tenant header: that is no sign-in at all now.
    const noToken = await postOutcome(trial.id, notConclusive, { 'x-tenant-id': tenantId });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const socialWorker = await authHeaders({ tenantId, roles: 'social_worker' });
    const refused = await postOutcome(trial.id, notConclusive, socialWorker);
    expect(refused.json()).toMatchObject({ status: 403, code: 'ROLE_NOT_ALLOWED' });
    expect(await outboxOf(trial.id)).toEqual([]);
    const badId = await postOutcome('not-a-uuid', notConclusive);
    expect(badId.statusCode).toBe(400);
    expect(badId.json<ProblemView>().errors?.map((e) => e.field)).toEqual(['params.trialPeriodId']);
  });

  it('given an unknown trial id, when it is read or decided, then 404 TRIAL_NOT_FOUND', async () => {
    const id = uuidv7();
    const read = await getTrial(id);
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ code: 'TRIAL_NOT_FOUND', instance: `/trial-periods/${id}` });
    const decided = await postOutcome(id, notConclusive);
    expect(decided.statusCode).toBe(404);
    expect(decided.json()).toMatchObject({ code: 'TRIAL_NOT_FOUND' });
  });
});

describe('trial-period: the outcome and its event commit together', () => {
  beforeAll(async () => {
    // Fault injection in the test's own database: the outbox refuses rows of listed trials.
    // As the owner (the service's role may not create tables), then readable by that role,
    // whose inserts into the outbox run the trigger.
    const appRole = tp.service.context.config.DATABASE_APP_ROLE;
    await tp.db.query(`
      CREATE TABLE test_refused_aggregates (aggregate_id text PRIMARY KEY);
      GRANT SELECT ON test_refused_aggregates TO ${appRole};
      CREATE FUNCTION test_refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM test_refused_aggregates WHERE aggregate_id = NEW.envelope->>'aggregateId') THEN
          RAISE EXCEPTION 'outbox refused by the test for %', NEW.envelope->>'aggregateId';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_outbox BEFORE INSERT ON outbox
        FOR EACH ROW EXECUTE FUNCTION test_refuse_outbox();
    `);
  });

  it('given the outbox cannot take the event, when an outcome is recorded, then 500 (masked) and the trial stays running', async () => {
    const { trial } = await openTrial();
    await tp.db.query('INSERT INTO test_refused_aggregates VALUES ($1)', [trial.id]);
    const failed = await postOutcome(trial.id, notConclusive);
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: 'An unexpected error occurred.',
    });
    expect(failed.body).not.toContain('outbox refused');
    expect((await getTrial(trial.id)).json()).toMatchObject({ status: 'running' });
    expect(await outboxOf(trial.id)).toEqual([]);

    await tp.db.query('DELETE FROM test_refused_aggregates WHERE aggregate_id = $1', [trial.id]);
    expect((await postOutcome(trial.id, notConclusive)).statusCode).toBe(200);
    expect(await outboxOf(trial.id)).toEqual(['TrialEnded']);
  });
});

describe('trial-period: operations', () => {
  it('given the service runs, when asked, then it is ready and documents its routes', async () => {
    const ready = await tp.service.app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    // No Redis: the service does not use it, so a Redis outage leaves it ready.
    expect(ready.json()).toEqual({ ready: true, checks: { postgres: 'up', kafka: 'up' } });
    const openapi = await tp.service.app.inject({ url: '/openapi.json' });
    expect(Object.keys(openapi.json<{ paths: object }>().paths)).toEqual(
      expect.arrayContaining([
        '/trial-periods',
        '/trial-periods/{trialPeriodId}',
        '/trial-periods/{trialPeriodId}/outcome',
        '/trial-periods/{trialPeriodId}/outcome-corrections',
        '/trial-periods/{trialPeriodId}/outcomes',
        '/trial-periods/{trialPeriodId}/check-ins',
        '/trial-periods/{trialPeriodId}/check-ins/{checkInId}',
        '/trial-periods/{trialPeriodId}/check-ins/{checkInId}/tutor-links',
        '/check-ins',
        '/tutor-links/verify',
        '/tutor-links/view',
        '/trial-settings',
      ]),
    );
  });
});
