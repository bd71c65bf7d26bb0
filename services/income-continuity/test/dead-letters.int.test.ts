import { TOPICS, topicName, type TopicSpec } from '@relais/contracts';
import { DEAD_LETTER_ACCESS, type BaseConfig } from '@relais/service-kit';
import {
  authHeaders,
  fuzzRoutes,
  probeAccessMatrix,
  rowCounts,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { incomeContinuityService } from '../src/service.ts';
import { trialChain } from './chain.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000e1';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let ic: TestService<BaseConfig>;

const chain = () => trialChain(tenantId);

const send = async (topic: TopicSpec, key: string, value: string) => {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: topicName(topic, ic.prefix), messages: [{ key, value }] });
  await producer.disconnect();
};

const reopeningsOf = async (personId: string) =>
  (await ic.db.query<{ id: string }>('SELECT id FROM income_reopenings WHERE person_id = $1', [personId]))
    .rows;

const inboxRow = (eventId: string) =>
  waitFor(
    async () =>
      (
        await ic.db.query<{ outcome: string; note: string | null }>(
          'SELECT outcome, note FROM inbox WHERE event_id = $1',
          [eventId],
        )
      ).rows[0],
    { what: `the inbox row of ${eventId}` },
  );

const asOperator = () => authHeaders({ tenantId, roles: 'platform_operator' });

beforeAll(async () => {
  ic = await startTestService(incomeContinuityService, infra);
});
afterAll(async () => {
  await ic.close();
});

describe('income-continuity: dead letters and re-emitted facts', () => {
  it('opens the dead-letter routes to the platform operator alone, and refuses bad input changing nothing', async () => {
    expect(await probeAccessMatrix(ic.service.app, DEAD_LETTER_ACCESS, tenantId)).toEqual([]);
    const before = await rowCounts(ic.db);
    const { findings, sent } = await fuzzRoutes(ic.service.app, DEAD_LETTER_ACCESS, { tenantId });
    expect(sent).toBeGreaterThan(20);
    expect(findings).toEqual([]);
    expect(await rowCounts(ic.db)).toEqual(before);
    const unknown = await ic.service.app.inject({
      url: `/dead-letters/${uuidv7()}`,
      headers: await asOperator(),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });
  });

  it('records a TrialEnded re-emitted under a new id for an already reopened placement as an ignored duplicate, with no new reopening', async () => {
    const c = chain();
    await send(TOPICS.placement, c.personId, JSON.stringify(c.started));
    await send(TOPICS.trialPeriod, c.personId, JSON.stringify(c.ended));
    await waitFor(async () => (await reopeningsOf(c.personId)).length === 1, { what: 'the reopening' });
    await send(TOPICS.trialPeriod, c.personId, JSON.stringify(c.reEmitted));
    expect(await inboxRow(c.reEmitted.id)).toEqual({
      outcome: 'ignored_duplicate',
      note: 'income already reopened for this placement',
    });
    expect(await inboxRow(c.ended.id)).toEqual({ outcome: 'applied', note: null });
    expect(await reopeningsOf(c.personId)).toHaveLength(1);
    const announced = await ic.db.query(
      "SELECT 1 FROM outbox WHERE event_type = 'IncomeReopened' AND envelope->'data'->>'personId' = $1",
      [c.personId],
    );
    expect(announced.rowCount).toBe(1);
    // Its outcome checks were read with BEGIN, all there: none written again, planned once.
    const planned = await ic.db.query<{ checks: number; entries: number }>(
      `SELECT (SELECT count(*)::int FROM outcome_checks WHERE person_id = $1) AS checks,
              (SELECT count(*)::int FROM timeline_entries WHERE person_id = $1 AND kind = 'outcome_checks_planned') AS entries`,
      [c.personId],
    );
    expect(planned.rows).toEqual([{ checks: 3, entries: 1 }]);
  });

  it('parks a trial end whose coverage change fails its own check, instead of retrying it in place for ever', async () => {
    const c = chain();
    await send(TOPICS.placement, c.personId, JSON.stringify(c.started));
    expect((await inboxRow(c.started.id)).outcome).toBe('applied');
    // A broken rule, not a race: this person's salary period can no longer be ended (the UPDATE
    // touches no row), so the change's relais_expect_rows fails however often it is retried.
    await ic.db.query(`CREATE FUNCTION test_keep_salary_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF OLD.person_id = '${c.personId}' THEN RETURN NULL; END IF; RETURN NEW; END $$`);
    await ic.db.query(
      'CREATE TRIGGER test_keep_salary_open BEFORE UPDATE ON coverage_periods FOR EACH ROW EXECUTE FUNCTION test_keep_salary_open()',
    );
    try {
      await send(TOPICS.trialPeriod, c.personId, JSON.stringify(c.ended));
      const letter = await waitFor(
        async () =>
          (
            await ic.db.query<{
              status: string;
              reason: string;
              detail: { code?: string; message?: string };
            }>('SELECT status, reason, detail FROM dead_letters WHERE event_id = $1', [c.ended.id])
          ).rows[0],
        { what: 'the trial end parked' },
      );
      expect(letter).toMatchObject({ status: 'parked', reason: 'rejected_by_handler' });
      expect(letter.detail).toMatchObject({ code: 'P0002' });
      expect(letter.detail.message).toContain('a coverage period of the change is missing');
      expect(await reopeningsOf(c.personId)).toEqual([]);
    } finally {
      await ic.db.query('DROP TRIGGER test_keep_salary_open ON coverage_periods');
      await ic.db.query('DROP FUNCTION test_keep_salary_open()');
    }
  });

  it('holds a person’s trial end behind their unreadable placement start; the operator fixes and replays it through the API', async () => {
    const c = chain();
    await send(TOPICS.placement, c.personId, '{"placementId": truncated');
    const parked = await waitFor(
      async () => {
        const res = await ic.service.app.inject({
          url: '/dead-letters?status=parked',
          headers: await asOperator(),
        });
        const items = res.json<{ items: { id: string; key: string; reason: string }[] }>().items;
        return items.find((i) => i.key === c.personId);
      },
      { what: 'the parked placement start' },
    );
    expect(parked.reason).toBe('malformed_json');
    await send(TOPICS.trialPeriod, c.personId, JSON.stringify(c.ended));
    await waitFor(
      async () =>
        (
          await ic.db.query("SELECT 1 FROM dead_letters WHERE message_key = $1 AND status = 'held'", [
            c.personId,
          ])
        ).rowCount === 1,
      { what: 'the trial end held' },
    );
    expect(await reopeningsOf(c.personId)).toEqual([]);

    const asWorker = await authHeaders({ tenantId, roles: 'social_worker' });
    const refused = await ic.service.app.inject({ url: `/dead-letters/${parked.id}`, headers: asWorker });
    expect(refused.statusCode).toBe(403);
    const shown = await ic.service.app.inject({
      url: `/dead-letters/${parked.id}`,
      headers: await asOperator(),
    });
    expect(shown.json()).toMatchObject({
      status: 'parked',
      payload: { encoding: 'utf8', data: '{"placementId": truncated' },
    });

    const asOperatorHeaders = await asOperator();
    const first = await ic.service.app.inject({
      method: 'POST',
      url: `/dead-letters/${parked.id}/replay`,
      headers: asOperatorHeaders,
      payload: { value: c.started },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      result: 'replayed',
      outcome: 'applied',
      released: [{ result: 'replayed', outcome: 'applied' }],
    });
    expect(await reopeningsOf(c.personId)).toHaveLength(1);
    const again = await ic.service.app.inject({
      method: 'POST',
      url: `/dead-letters/${parked.id}/replay`,
      headers: asOperatorHeaders,
      payload: {},
    });
    expect(again.json()).toMatchObject({ result: 'unchanged', status: 'replayed', released: [] });
    expect(await reopeningsOf(c.personId)).toHaveLength(1);
    const audited = await ic.db.query(
      "SELECT 1 FROM audit_log WHERE route = '/dead-letters/:deadLetterId/replay' AND acting_role = 'platform_operator'",
    );
    expect(audited.rowCount).toBe(2);
  });
});
