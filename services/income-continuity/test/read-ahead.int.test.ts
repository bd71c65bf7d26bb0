// A backlog read in runs (one transaction for many messages) reads ahead: the first event of
// each person has its lock and reads sent together with the other persons' (see the messaging
// package's combined-read.ts). Whatever the path, each person must end in the same state as when
// each event is applied on its own.
import { TOPICS, topicName, type EventDefinition, type EventOf } from '@relais/contracts';
import { combinable, type Statement } from '@relais/messaging';
import type { BaseConfig } from '@relais/service-kit';
import { authHeaders, startTestService, testKafka, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { handlers } from '../src/events/handlers.ts';
import { incomeContinuityService } from '../src/service.ts';
import { trialChain } from './chain.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000c7';
const socialWorker = { tenantId, roles: 'social_worker' as const, userId: uuidv7() };
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let ic: TestService<BaseConfig>;

beforeAll(async () => {
  ic = await startTestService(incomeContinuityService, infra);
});
afterAll(async () => {
  await ic.close();
});

const post = async (url: string, payload: object) => {
  const res = await ic.service.app.inject({
    method: 'POST',
    url,
    headers: await authHeaders(socialWorker),
    payload,
  });
  expect(res.statusCode).toBe(201);
};

/** Sends the events in one request to partition 0 of each one's topic (several: in that order). */
const send = async (topic: Parameters<typeof topicName>[0], events: readonly EventOf<EventDefinition>[]) => {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: topicName(topic, ic.prefix),
      messages: events.map((e) => ({
        key: (e.data as { personId: string }).personId,
        value: JSON.stringify(e),
        partition: 0,
      })),
    });
  } finally {
    await producer.disconnect();
  }
};

const applied = (events: readonly EventOf<EventDefinition>[]) =>
  waitFor(
    async () =>
      (
        await ic.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])',
          [events.map((e) => e.id)],
        )
      ).rows[0]?.n === events.length,
    { what: 'every event applied' },
  );

/**
 * Four people: an RI and an aid request depending on it (alerted, then suspended), an RI alone
 * (suspended), nobody's income (no suspension), and the same with the start emitted twice; each
 * trial ends, the second person's end emitted twice.
 */
const people = async () => {
  const chains = Array.from({ length: 4 }, () => trialChain(tenantId));
  const [first, second] = chains;
  for (const c of [first, second])
    await post(`/persons/${c?.personId ?? ''}/integration-income`, {
      startDate: '2026-01-01',
      category: 'single',
    });
  await post(`/persons/${first?.personId ?? ''}/aid-requests`, {
    kind: 'rental_guarantee',
    requestedOn: '2026-02-20',
  });
  const fourth = chains[3];
  const starts = [...chains.map((c) => c.started), ...(fourth ? [{ ...fourth.started, id: uuidv7() }] : [])];
  const ends = [...chains.map((c) => c.ended), ...(second ? [second.reEmitted] : [])];
  return { chains, starts, ends };
};

/** A person's state with nothing that differs between two people in the same situation (ids, times). */
const stateOf = async (personId: string) => {
  const q = async (sql: string) => (await ic.db.query<Record<string, unknown>>(sql, [personId])).rows;
  return {
    periods: await q(`SELECT kind, start_date::text, end_date::text, status, category FROM coverage_periods
                       WHERE person_id = $1 ORDER BY start_date, created_at`),
    revisions:
      await q(`SELECT fact, kind, start_date::text, end_date::text, status FROM coverage_period_revisions
                         WHERE person_id = $1 ORDER BY seq`),
    events: await q(`SELECT event_type FROM outbox WHERE message_key = $1::text ORDER BY seq`),
    timeline: await q(
      `SELECT kind, effective_on::text FROM timeline_entries WHERE person_id = $1 ORDER BY seq`,
    ),
    gaps: await q(
      `SELECT from_date::text, to_date::text FROM coverage_gaps WHERE person_id = $1 ORDER BY from_date`,
    ),
    reopenings: await q(`SELECT effective_from::text, cause FROM income_reopenings WHERE person_id = $1`),
    checks: await q(
      `SELECT months_after_end FROM outcome_checks WHERE person_id = $1 ORDER BY months_after_end`,
    ),
    alerts:
      await q(`SELECT count(*)::int AS n FROM aid_risk_alerts a JOIN aid_requests r ON r.id = a.aid_request_id
                      WHERE r.person_id = $1`),
  };
};

const inboxOutcomes = async (events: readonly EventOf<EventDefinition>[]) =>
  (
    await ic.db.query<{ event_id: string; outcome: string }>(
      'SELECT event_id, outcome FROM inbox WHERE event_id = ANY($1::uuid[])',
      [events.map((e) => e.id)],
    )
  ).rows.reduce((m, r) => m.set(r.event_id, r.outcome), new Map<string, string>());

describe('income-continuity reading a backlog in runs', () => {
  it('sends the first statements of its people’s events as reads it can share', () => {
    const [a, b] = [trialChain(tenantId), trialChain(tenantId)];
    for (const [type, pick] of [
      ['PlacementStarted', (c: typeof a) => c.started],
      ['TrialEnded', (c: typeof a) => c.ended],
    ] as const) {
      const handler = handlers(ic.service.context).find((h) => h.event.type === type);
      const [first, second] = [a, b].map((c) => handler?.atBegin?.(pick(c) as never) ?? []);
      expect(handler?.scope?.(pick(a) as never)).toBe(`${tenantId}:${a.personId}`);
      expect(first?.length).toBeGreaterThan(1);
      first?.forEach((statement, i) => expect(combinable([statement, second?.[i] as Statement])).toBe(true));
    }
  });

  it('leaves each person as applying each event on its own does', async () => {
    const inRuns = await people();
    await send(TOPICS.placement, inRuns.starts);
    await applied(inRuns.starts);
    await send(TOPICS.trialPeriod, inRuns.ends);
    await applied(inRuns.ends);

    const alone = await people();
    for (const event of [...alone.starts, ...alone.ends]) {
      await send(event.type === 'PlacementStarted' ? TOPICS.placement : TOPICS.trialPeriod, [event]);
      await applied([event]);
    }

    for (const [i, c] of inRuns.chains.entries())
      expect(await stateOf(c.personId)).toEqual(await stateOf(alone.chains[i]?.personId ?? ''));
    const outcomes = (p: typeof inRuns) =>
      inboxOutcomes([...p.starts, ...p.ends]).then((m) => [...p.starts, ...p.ends].map((e) => m.get(e.id)));
    expect(await outcomes(inRuns)).toEqual(await outcomes(alone));
    // The situations differ as meant: alert and suspension, suspension, neither; the repeats ignored.
    const told = async (c: { personId: string } | undefined) =>
      (await stateOf(c?.personId ?? '')).events
        .map((e) => (e as { event_type: string }).event_type)
        .filter((type) => type !== 'IncomeCoverageChanged');
    const [first, second, third, fourth] = inRuns.chains;
    expect(await told(first)).toEqual(['AidAtRisk', 'IncomeSuspended', 'IncomeReopened']);
    expect(await told(second)).toEqual(['IncomeSuspended', 'IncomeReopened']);
    expect(await told(third)).toEqual(['IncomeReopened']);
    expect(await told(fourth)).toEqual(['IncomeReopened']);
    expect((await outcomes(inRuns)).filter((o) => o === 'ignored_duplicate')).toHaveLength(2);
  });
});
