import {
  buildEvent,
  OutcomeCheckDueV1,
  PlacementEndedV1,
  PlacementOutcomeRecordedV1,
  PlacementStartedV1,
  TOPICS,
  TrialEndedV1,
  topicName,
  type DataInputOf,
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
import { addDays } from '../src/domain/days.ts';
import { addMonths } from '../src/domain/outcomes.ts';
import { incomeContinuityService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000d1';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let ic: TestService<BaseConfig>;

const envelope = <D extends EventDefinition>(definition: D, aggregateId: string, data: DataInputOf<D>) =>
  buildEvent(definition, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId,
    correlationId: uuidv7(),
    causationId: null,
    data,
  });

const publish = async (...events: EventOf<EventDefinition>[]) => {
  const producer = kafka.producer();
  await producer.connect();
  for (const event of events) {
    const topic = event.type === 'TrialEnded' ? TOPICS.trialPeriod : TOPICS.placement;
    await producer.send({
      topic: topicName(topic, ic.prefix),
      messages: [{ key: (event.data as { personId: string }).personId, value: JSON.stringify(event) }],
    });
  }
  await producer.disconnect();
};

interface CheckView {
  id: string;
  placementId: string;
  monthsAfterEnd: number;
  dueOn: string;
  endReason: string;
  standing: string;
  currentOutcomeId: string | null;
  records: { id: string; situation: string; correctsOutcomeId: string | null }[];
}

const as = (roles: 'placement_officer' | 'social_worker' | 'safety_officer') =>
  authHeaders({ tenantId, roles, userId: uuidv7() });

const checksOf = async (personId: string): Promise<CheckView[]> => {
  const res = await ic.service.app.inject({
    url: `/persons/${personId}/outcome-checks`,
    headers: await as('social_worker'),
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: CheckView[] }>().items;
};

const eventsOn = async <D extends EventDefinition>(definition: D) =>
  (await readTopic(kafka, TOPICS.incomeContinuity, ic.prefix))
    .map((m) => JSON.parse(m.value ?? '{}') as EventOf<D>)
    .filter((e) => e.type === definition.type && e.version === definition.version);

/** A placement ended in the past, so that its three checks are all due today. */
const endedLongAgo = (reason: 'completed' | 'ended_early' = 'completed') => {
  const personId = uuidv7();
  const placementId = uuidv7();
  return {
    personId,
    placementId,
    started: envelope(PlacementStartedV1, placementId, {
      placementId,
      personId,
      hostEmployerId: uuidv7(),
      startDate: '2025-03-03',
    }),
    ended: envelope(PlacementEndedV1, placementId, {
      placementId,
      personId,
      lastWorkedDay: '2025-08-31',
      reason,
    }),
  };
};

beforeAll(async () => {
  ic = await startTestService(incomeContinuityService, infra, { env: { JOBS_INTERVAL_MS: '300' } });
});
afterAll(async () => {
  await ic.close();
});

describe('outcome checks after a placement, against real PostgreSQL and Kafka', () => {
  it('plans three checks once per ended placement, whichever end events come and however often', async () => {
    // Ended ten days ago: no check has come due yet.
    const lastWorkedDay = addDays(new Date().toISOString().slice(0, 10), -10);
    const startDate = addDays(lastWorkedDay, -18);
    const personId = uuidv7();
    const placementId = uuidv7();
    const trialPeriodId = uuidv7();
    const started = envelope(PlacementStartedV1, placementId, {
      placementId,
      personId,
      hostEmployerId: uuidv7(),
      startDate,
    });
    const trialEnded = envelope(TrialEndedV1, trialPeriodId, {
      trialPeriodId,
      placementId,
      personId,
      placementStartDate: startDate,
      outcome: 'not_conclusive',
      lastWorkedDay,
      reasonCode: 'tasks_not_matching_skills',
      initiatedBy: 'host',
    });
    const placementEnded = envelope(PlacementEndedV1, placementId, {
      placementId,
      personId,
      lastWorkedDay,
      reason: 'trial_not_conclusive',
    });
    const reEmitted = { ...trialEnded, id: uuidv7() };
    await publish(started, trialEnded, trialEnded, placementEnded, reEmitted);
    await waitFor(
      async () => {
        const { rows } = await ic.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])`,
          [[placementEnded.id, reEmitted.id]],
        );
        return rows[0]?.n === 2 ? true : undefined;
      },
      { what: 'every end event applied' },
    );
    const checks = await checksOf(personId);
    expect(checks.map((c) => [c.placementId, c.monthsAfterEnd, c.dueOn, c.endReason, c.standing])).toEqual([
      [placementId, 3, addMonths(lastWorkedDay, 3), 'trial_not_conclusive', 'scheduled'],
      [placementId, 6, addMonths(lastWorkedDay, 6), 'trial_not_conclusive', 'scheduled'],
      [placementId, 12, addMonths(lastWorkedDay, 12), 'trial_not_conclusive', 'scheduled'],
    ]);
  });

  it('announces a check once when it falls due, lists it as due or overdue for the CPAS, and refuses other roles', async () => {
    const c = endedLongAgo();
    await publish(c.ended);
    const due = await waitFor(
      async () => {
        const mine = (await eventsOn(OutcomeCheckDueV1)).filter((e) => e.data.personId === c.personId);
        return mine.length === 3 ? mine : undefined;
      },
      { what: 'three OutcomeCheckDue' },
    );
    expect(due.map((e) => [e.data.monthsAfterEnd, e.data.dueOn]).sort()).toEqual([
      [12, '2026-08-31'],
      [3, '2025-11-30'],
      [6, '2026-02-28'],
    ]);
    const list = await ic.service.app.inject({
      url: '/outcome-checks',
      headers: await as('placement_officer'),
    });
    expect(list.statusCode).toBe(200);
    const mine = list.json<{ items: CheckView[] }>().items.filter((i) => i.placementId === c.placementId);
    expect(mine).toHaveLength(3);
    const overdue = await ic.service.app.inject({
      url: '/outcome-checks?standing=overdue',
      headers: await as('social_worker'),
    });
    expect(
      overdue.json<{ items: CheckView[] }>().items.filter((i) => i.placementId === c.placementId).length,
    ).toBeGreaterThanOrEqual(2);
    const refused = await ic.service.app.inject({
      url: '/outcome-checks',
      headers: await as('safety_officer'),
    });
    expect(refused.statusCode).toBe(403);
    // Rounds of the job go on: nothing is announced twice.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await eventsOn(OutcomeCheckDueV1)).filter((e) => e.data.personId === c.personId)).toHaveLength(3);
  });

  it('lists a check due within 14 days with the due ones, as scheduled: it may be recorded early', async () => {
    const today = new Date().toISOString().slice(0, 10);
    // Ended three months less a week ago: the 3-month check is due in about a week, the others later.
    const lastWorkedDay = addDays(addMonths(today, -3), 7);
    const personId = uuidv7();
    const placementId = uuidv7();
    await publish(
      envelope(PlacementEndedV1, placementId, { placementId, personId, lastWorkedDay, reason: 'completed' }),
    );
    await waitFor(async () => ((await checksOf(personId)).length === 3 ? true : undefined), {
      what: 'three checks planned',
    });
    const early = await ic.service.app.inject({
      url: '/outcome-checks?standing=scheduled',
      headers: await as('social_worker'),
    });
    expect(early.statusCode).toBe(200);
    const mine = early.json<{ items: CheckView[] }>().items.filter((i) => i.placementId === placementId);
    expect(mine.map((i) => [i.monthsAfterEnd, i.standing])).toEqual([[3, 'scheduled']]);
  });

  it('records the situation at a check, corrects it with the history kept, and announces each record for the statistics', async () => {
    const c = endedLongAgo('ended_early');
    await publish(c.started, c.ended);
    const [threeMonths] = await waitFor(
      async () => {
        const checks = await checksOf(c.personId);
        return checks.length === 3 ? checks : undefined;
      },
      { what: 'the checks' },
    );
    const url = `/outcome-checks/${threeMonths?.id ?? ''}`;
    const officer = await as('placement_officer');
    const recorded = await ic.service.app.inject({
      method: 'POST',
      url: `${url}/outcome`,
      headers: officer,
      payload: { situation: 'unemployment_benefits', observedOn: '2025-12-01' },
    });
    expect(recorded.statusCode).toBe(201);
    const first = recorded.json<{ id: string }>();

    const again = await ic.service.app.inject({
      method: 'POST',
      url: `${url}/outcome`,
      headers: officer,
      payload: { situation: 'employed', observedOn: '2025-12-01' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'OUTCOME_ALREADY_RECORDED' });

    const wrongDetail = await ic.service.app.inject({
      method: 'POST',
      url: `${url}/outcome-corrections`,
      headers: officer,
      payload: {
        situation: 'training',
        detailCode: 'permanent_contract',
        observedOn: '2025-12-01',
        correctionReason: 'late_information',
      },
    });
    expect(wrongDetail.statusCode).toBe(422);
    expect(JSON.stringify(wrongDetail.json())).toContain('detailCode');

    const freeText = await ic.service.app.inject({
      method: 'POST',
      url: `${url}/outcome-corrections`,
      headers: officer,
      payload: {
        situation: 'working at the bakery',
        observedOn: '2025-12-01',
        correctionReason: 'late_information',
      },
    });
    expect(freeText.statusCode).toBe(400);
    expect(JSON.stringify(freeText.json())).toContain('situation');

    const corrected = await ic.service.app.inject({
      method: 'POST',
      url: `${url}/outcome-corrections`,
      headers: await as('social_worker'),
      payload: {
        situation: 'training',
        detailCode: 'qualifying_training',
        observedOn: '2025-12-01',
        correctionReason: 'late_information',
      },
    });
    expect(corrected.statusCode).toBe(201);
    const second = corrected.json<{ id: string; correctsOutcomeId: string }>();
    expect(second.correctsOutcomeId).toBe(first.id);

    const view = (await checksOf(c.personId)).find((k) => k.id === threeMonths?.id);
    expect(view).toMatchObject({ standing: 'recorded', currentOutcomeId: second.id });
    expect(view?.records.map((r) => [r.id, r.situation, r.correctsOutcomeId])).toEqual([
      [first.id, 'unemployment_benefits', null],
      [second.id, 'training', first.id],
    ]);

    const events = await waitFor(
      async () => {
        const mine = (await eventsOn(PlacementOutcomeRecordedV1)).filter(
          (e) => e.data.personId === c.personId,
        );
        return mine.length === 2 ? mine : undefined;
      },
      { what: 'two PlacementOutcomeRecorded' },
    );
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({
        outcomeId: first.id,
        checkId: threeMonths?.id,
        monthsAfterEnd: 3,
        endReason: 'ended_early',
        situation: 'unemployment_benefits',
        detailCode: null,
        correctsOutcomeId: null,
      }),
      expect.objectContaining({
        outcomeId: second.id,
        situation: 'training',
        detailCode: 'qualifying_training',
        correctsOutcomeId: first.id,
        correctionReason: 'late_information',
      }),
    ]);
  });
});
