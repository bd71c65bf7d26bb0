import {
  buildEvent,
  PlacementEndedV1,
  PlacementStartedV1,
  TOPICS,
  topicName,
  type DataOf,
  type Envelope,
  type EventDefinition,
} from '@relais/contracts';
import type { Clock } from '@relais/service-kit';
import {
  authHeaders,
  readTopic,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
  type TestUser,
} from '@relais/testing';
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TrialPeriodConfig } from '../src/config.ts';
import { remindOverdueCheckIns } from '../src/jobs/overdue-check-ins.ts';
import { trialPeriodService } from '../src/service.ts';

const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
const tenantId = '0190a000-0000-7000-8000-0000000000f1';
const START = new Date('2026-03-24T09:00:00Z');
let now = START;
const clock: Clock = { now: () => now, newId: () => uuidv7() };
const officer: TestUser = { tenantId, roles: 'placement_officer', userId: uuidv7() };
/** The officer of another CPAS (the default one is `tenantId`'s). */
const officerOf = (tenant: string): TestUser => ({ ...officer, tenantId: tenant });

let tp: TestService<TrialPeriodConfig>;
let producer: Producer;

interface Trial {
  id: string;
  status: string;
  lengthDays: number;
  plannedEndDate: string;
  placementEnd: unknown;
}
interface CheckIn {
  id: string;
  sequence: number;
  dueOn: string;
  status: string;
  flagged: boolean;
  remindedOn: string | null;
  disagreements: unknown[];
  voices: { voice: string; source: string }[];
}
interface Problem {
  status: number;
  code: string;
  errors?: { field: string }[];
}

/** A call to the service as a signed-in user (the officer of `tenantId` unless told), or anonymously (`null`). */
const inject_ = async (
  method: 'GET' | 'POST',
  url: string,
  user: TestUser | null = officer,
  payload?: object,
) =>
  tp.service.app.inject({
    method,
    url,
    headers: user ? await authHeaders(user) : {},
    ...(payload ? { payload } : {}),
  });

const publish = async <D extends EventDefinition>(
  definition: D,
  tenant: string,
  aggregateId: string,
  key: string,
  data: DataOf<D>,
) => {
  const event = buildEvent(definition, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId: tenant,
    aggregateId,
    correlationId: uuidv7(),
    causationId: null,
    data: data as never,
  });
  await producer.send({
    topic: topicName(definition.topic, tp.prefix),
    messages: [{ key, value: JSON.stringify(event) }],
  });
  return event;
};

/** Starts a placement on `startDate` and waits for its trial. */
const openTrial = async (startDate: string, tenant = tenantId) => {
  const placementId = uuidv7();
  const personId = uuidv7();
  await publish(PlacementStartedV1, tenant, placementId, personId, {
    placementId,
    personId,
    hostEmployerId: uuidv7(),
    startDate,
  });
  const trial = await waitFor(
    async () =>
      (await inject_('GET', `/trial-periods?placementId=${placementId}`, officerOf(tenant))).json<{
        items: Trial[];
      }>().items[0],
    { what: 'the trial to open' },
  );
  return { placementId, personId, trial };
};

const checkInsOf = async (trialId: string) =>
  (await inject_('GET', `/trial-periods/${trialId}/check-ins`)).json<{ items: CheckIn[] }>().items;

const outboxOf = async (trialId: string): Promise<{ type: string; data: Record<string, unknown> }[]> =>
  (
    await tp.db.query<{ envelope: Envelope<string, Record<string, unknown>> }>(
      `SELECT envelope FROM outbox WHERE envelope->>'aggregateId' = $1 ORDER BY seq`,
      [trialId],
    )
  ).rows.map((r) => ({ type: r.envelope.type, data: r.envelope.data }));

const checkInBody = (over: object = {}) => ({
  heldOn: '2026-03-20',
  worker: { ratings: { punctuality: 4, task_mastery: 4, team_integration: 3 }, comment: "J'apprends vite." },
  officer: { ratings: { punctuality: 4, task_mastery: 3 }, comment: null },
  difficulties: [{ code: 'childcare', note: 'Crèche fermée le mercredi' }],
  supportActions: [
    { kind: 'childcare_search', description: 'Place en halte-garderie', by: 'cpas', dueOn: '2026-03-27' },
  ],
  ...over,
});

beforeAll(async () => {
  // The job runs once at start (no trial yet) and then only when a test calls it.
  tp = await startTestService(trialPeriodService, infra, {
    overrides: { clock },
    env: { JOBS_INTERVAL_MS: '86400000' },
  });
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await tp.close();
});

describe('trial-period: length and schedule from effective-dated settings per CPAS', () => {
  const cpas = '0190a000-0000-7000-8000-0000000000f2';
  const admin: TestUser = { tenantId: cpas, roles: 'cpas_admin', userId: uuidv7() };
  const ownSettings = {
    effectiveFrom: '2026-01-01',
    lengthDays: 20,
    checkInOffsetsDays: [2, 9, 18],
    overdueGraceDays: 1,
  };

  it('given the platform default, when a placement starts, then the trial lasts 30 days with check-ins on days 5, 15 and 28', async () => {
    const { trial } = await openTrial('2026-03-02');
    expect(trial).toMatchObject({ lengthDays: 30, plannedEndDate: '2026-03-31' });
    expect((await checkInsOf(trial.id)).map((c) => [c.sequence, c.dueOn, c.status])).toEqual([
      [1, '2026-03-06', 'scheduled'],
      [2, '2026-03-16', 'scheduled'],
      [3, '2026-03-29', 'scheduled'],
    ]);
  });

  it("given a CPAS's own settings from 1 January, when placements start before and after, then each gets the settings in force on its first day", async () => {
    const refused = await inject_(
      'POST',
      '/trial-settings',
      { ...admin, roles: 'placement_officer' },
      ownSettings,
    );
    expect(refused.json()).toMatchObject({ status: 403, code: 'ROLE_NOT_ALLOWED' });
    const added = await inject_('POST', '/trial-settings', admin, ownSettings);
    expect(added.statusCode).toBe(201);
    expect((await inject_('POST', '/trial-settings', admin, ownSettings)).json()).toMatchObject({
      code: 'SETTINGS_ALREADY_EXIST',
    });
    const outside = await inject_('POST', '/trial-settings', admin, {
      ...ownSettings,
      effectiveFrom: '2026-02-01',
      checkInOffsetsDays: [25],
    });
    expect(outside.json<Problem>()).toMatchObject({ status: 422, errors: [{ field: 'checkInOffsetsDays' }] });

    const after = await openTrial('2026-03-02', cpas);
    expect(after.trial).toMatchObject({ lengthDays: 20, plannedEndDate: '2026-03-21' });
    const dues = (await inject_('GET', `/trial-periods/${after.trial.id}/check-ins`, officerOf(cpas))).json<{
      items: CheckIn[];
    }>();
    expect(dues.items.map((c) => c.dueOn)).toEqual(['2026-03-04', '2026-03-11', '2026-03-20']);
    const before = await openTrial('2025-12-01', cpas);
    expect(before.trial).toMatchObject({ lengthDays: 30 });
    // Another CPAS still gets the default.
    expect((await openTrial('2026-03-02')).trial).toMatchObject({ lengthDays: 30 });
  });
});

describe('trial-period: check-ins with three voices and the tutor link', () => {
  it('given a check-in, when the tutor gives a view through the signed link and the officer records a strongly different one, then the item is flagged, each voice apart', async () => {
    const { trial } = await openTrial('2026-03-16');
    const [first] = await checkInsOf(trial.id);
    if (!first) throw new Error('no check-in');
    const issued = await inject_(
      'POST',
      `/trial-periods/${trial.id}/check-ins/${first.id}/tutor-links`,
      officer,
    );
    expect(issued.statusCode).toBe(201);
    const { token, expiresAt } = issued.json<{ token: string; expiresAt: string }>();
    expect(expiresAt).toBe(new Date(START.getTime() + 168 * 3_600_000).toISOString());

    // The tutor has no account: no service token; the link's token alone.
    const verified = await tp.service.app.inject({
      method: 'POST',
      url: '/tutor-links/verify',
      payload: { token },
    });
    expect(verified.json()).toEqual({
      checkInId: first.id,
      sequence: 1,
      dueOn: '2026-03-20',
      trialStartDate: '2026-03-16',
      expiresAt,
    });
    const view = {
      token,
      ratings: { task_mastery: 2, punctuality: 4 },
      comment: 'Doit encore apprendre les consignes.',
    };
    const given = await tp.service.app.inject({ method: 'POST', url: '/tutor-links/view', payload: view });
    expect(given.json()).toEqual({ checkInId: first.id, received: true });
    const again = await tp.service.app.inject({ method: 'POST', url: '/tutor-links/view', payload: view });
    expect(again.json()).toMatchObject({ status: 409, code: 'TUTOR_LINK_USED' });

    const recorded = await inject_(
      'POST',
      `/trial-periods/${trial.id}/check-ins/${first.id}`,
      officer,
      checkInBody(),
    );
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toMatchObject({
      status: 'held',
      heldOn: '2026-03-20',
      flagged: true,
      disagreements: [{ item: 'task_mastery', spread: 2, ratings: { tutor: 2, worker: 4, officer: 3 } }],
      difficulties: [{ code: 'childcare', note: 'Crèche fermée le mercredi' }],
    });
    expect(recorded.json<CheckIn>().voices.map((v) => [v.voice, v.source])).toEqual([
      ['worker', 'recorded_by_officer'],
      ['tutor', 'tutor_link'],
      ['officer', 'recorded_by_officer'],
    ]);
    expect(recorded.body).not.toContain(tenantId);

    const flagged = await inject_('GET', '/check-ins?flagged=true&limit=100');
    expect(flagged.json<{ items: CheckIn[] }>().items.map((c) => c.id)).toContain(first.id);
    // Voices are never edited, even by hand.
    await expect(tp.db.query("UPDATE check_in_voices SET comment = 'x'")).rejects.toThrow(/never edited/);
  });

  it('given a held check-in, when it is recorded again, then 409 CHECK_IN_ALREADY_HELD; a link for it after the tutor spoke is refused', async () => {
    const { trial } = await openTrial('2026-03-16');
    const [first] = await checkInsOf(trial.id);
    const url = `/trial-periods/${trial.id}/check-ins/${first?.id ?? ''}`;
    const withTutor = checkInBody({ tutor: { ratings: { punctuality: 4 }, comment: null } });
    expect((await inject_('POST', url, officer, withTutor)).json()).toMatchObject({
      flagged: false,
      status: 'held',
    });
    expect((await inject_('POST', url, officer, checkInBody())).json()).toMatchObject({
      code: 'CHECK_IN_ALREADY_HELD',
    });
    expect((await inject_('POST', `${url}/tutor-links`, officer)).json()).toMatchObject({
      code: 'TUTOR_VIEW_ALREADY_GIVEN',
    });
  });

  it('given a check-in, when it is recorded, and then again, then CheckInRecorded is on the topic once, keyed by the person', async () => {
    const { trial, placementId, personId } = await openTrial('2026-03-16');
    const [first] = await checkInsOf(trial.id);
    if (!first) throw new Error('no check-in');
    const url = `/trial-periods/${trial.id}/check-ins/${first.id}`;
    expect((await inject_('POST', url, officer, checkInBody())).statusCode).toBe(200);
    expect((await inject_('POST', url, officer, checkInBody())).statusCode).toBe(409);
    const recordedOf = async () =>
      (await readTopic(kafka, TOPICS.trialPeriod, tp.prefix)).filter((m) => {
        const event = JSON.parse(m.value ?? '{}') as Envelope;
        return event.aggregateId === trial.id && event.type === 'CheckInRecorded';
      });
    const published = await waitFor(
      async () => ((await recordedOf()).length > 0 ? recordedOf() : undefined),
      {
        what: 'CheckInRecorded on the topic',
      },
    );
    expect(published).toHaveLength(1);
    expect(published[0]?.key).toBe(personId);
    expect(JSON.parse(published[0]?.value ?? '{}')).toMatchObject({
      type: 'CheckInRecorded',
      version: 1,
      tenantId,
      data: { checkInId: first.id, trialPeriodId: trial.id, placementId, personId, heldOn: '2026-03-20' },
    });
  });

  it('given links, when one is tampered with, replaced by a newer one or expired, then each is refused with its own code', async () => {
    const { trial } = await openTrial('2026-03-16');
    const [first] = await checkInsOf(trial.id);
    const url = `/trial-periods/${trial.id}/check-ins/${first?.id ?? ''}/tutor-links`;
    const old = (await inject_('POST', url, officer)).json<{ token: string }>().token;
    const fresh = (await inject_('POST', url, officer)).json<{ token: string }>().token;
    const verify = (token: string) =>
      tp.service.app.inject({ method: 'POST', url: '/tutor-links/verify', payload: { token } });
    expect((await verify(old)).json()).toMatchObject({ status: 409, code: 'TUTOR_LINK_REVOKED' });
    const tampered = await verify(`${fresh.slice(0, -2)}AA`);
    expect(tampered.json<Problem>()).toMatchObject({
      status: 404,
      code: 'TUTOR_LINK_INVALID',
      errors: [{ field: 'token' }],
    });
    now = new Date(START.getTime() + 169 * 3_600_000);
    try {
      expect((await verify(fresh)).json()).toMatchObject({ status: 409, code: 'TUTOR_LINK_EXPIRED' });
    } finally {
      now = START;
    }
    expect((await verify(fresh)).statusCode).toBe(200);
  });

  it('given bad input, when a check-in is recorded, then 400 names the field or header', async () => {
    const { trial } = await openTrial('2026-03-16');
    const [first] = await checkInsOf(trial.id);
    const url = `/trial-periods/${trial.id}/check-ins/${first?.id ?? ''}`;
    const outOfScale = checkInBody({ worker: { ratings: { punctuality: 5 }, comment: null } });
    const bad = await inject_('POST', url, officer, outOfScale);
    expect(bad.json<Problem>().errors?.map((e) => e.field)).toEqual(['body.worker.ratings.punctuality']);
    const unknownItem = await inject_(
      'POST',
      url,
      officer,
      checkInBody({ officer: { ratings: { attitude: 1 }, comment: null } }),
    );
    expect(unknownItem.json<Problem>()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const noActor = await inject_('POST', url, null, checkInBody());
    expect(noActor.json<Problem>()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const otherTrial = await inject_(
      'POST',
      `/trial-periods/${uuidv7()}/check-ins/${first?.id ?? ''}`,
      officer,
      checkInBody(),
    );
    expect(otherTrial.json()).toMatchObject({ status: 404, code: 'CHECK_IN_NOT_FOUND' });
  });
});

describe('trial-period: overdue check-ins', () => {
  it('given check-ins past their grace days, when the job runs in two instances at once, then each officer reminder is emitted exactly once', async () => {
    const { trial, personId } = await openTrial('2026-03-02');
    const today = '2026-03-24';
    const [a, b] = await Promise.all([
      remindOverdueCheckIns(tp.service.context, today),
      remindOverdueCheckIns(tp.service.context, today),
    ]);
    expect(a + b).toBeGreaterThanOrEqual(2);
    expect(await remindOverdueCheckIns(tp.service.context, today)).toBe(0);
    const reminders = (await outboxOf(trial.id)).filter((e) => e.type === 'CheckInOverdue');
    expect(reminders.map((e) => [e.data.sequence, e.data.dueOn])).toEqual([
      [1, '2026-03-06'],
      [2, '2026-03-16'],
    ]);
    const published = await waitFor(
      async () => {
        const mine = (await readTopic(kafka, TOPICS.trialPeriod, tp.prefix)).filter(
          (m) => (JSON.parse(m.value ?? '{}') as Envelope).aggregateId === trial.id,
        );
        return mine.length === 2 ? mine : undefined;
      },
      { what: 'the reminders on the topic' },
    );
    expect(published.map((m) => m.key)).toEqual([personId, personId]);
    expect((await checkInsOf(trial.id)).map((c) => c.remindedOn)).toEqual([today, today, null]);
  });
});

describe('trial-period: outcomes, analysis and corrections', () => {
  const ending = {
    outcome: 'not_conclusive',
    lastWorkedDay: '2026-03-20',
    reasonCode: 'tasks_not_matching_skills',
    initiatedBy: 'host',
    officerAnalysis: "Poste plus lourd qu'annoncé; la personne a fait preuve d'assiduité.",
  };

  it('given an ended trial, when the officer corrects its last worked day, then a linked record and TrialOutcomeCorrected are added and nothing is edited', async () => {
    const { trial, personId } = await openTrial('2026-03-16');
    const decided = await inject_('POST', `/trial-periods/${trial.id}/outcome`, officer, ending);
    expect(decided.json()).toMatchObject({ status: 'ended', officerAnalysis: ending.officerAnalysis });
    expect((await checkInsOf(trial.id)).map((c) => c.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);

    const correction = {
      ...ending,
      lastWorkedDay: '2026-03-19',
      correctionReason: 'last_worked_day_confirmed_by_payroll',
      explanation: 'Fiche de paie: dernier jour le 19.',
    };
    const corrected = await inject_(
      'POST',
      `/trial-periods/${trial.id}/outcome-corrections`,
      officer,
      correction,
    );
    expect(corrected.statusCode).toBe(201);
    const outcomes = (await inject_('GET', `/trial-periods/${trial.id}/outcomes`)).json<{
      items: Record<string, unknown>[];
    }>().items;
    expect(outcomes).toMatchObject([
      {
        kind: 'decision',
        correctsRecordId: null,
        lastWorkedDay: '2026-03-20',
        recordedBy: officer.userId,
        recordedByRole: 'placement_officer',
        personId,
      },
      {
        kind: 'correction',
        correctsRecordId: outcomes[0]?.id,
        lastWorkedDay: '2026-03-19',
        correctionReason: 'last_worked_day_confirmed_by_payroll',
      },
    ]);
    expect((await inject_('GET', `/trial-periods/${trial.id}`)).json()).toMatchObject({
      lastWorkedDay: '2026-03-20',
    });
    const events = await outboxOf(trial.id);
    expect(events.map((e) => e.type)).toEqual(['TrialEnded', 'TrialOutcomeCorrected']);
    expect(events[0]?.data).toMatchObject({ officerAnalysis: ending.officerAnalysis });
    expect(events[1]?.data).toMatchObject({
      previous: { lastWorkedDay: '2026-03-20' },
      corrected: { lastWorkedDay: '2026-03-19' },
    });

    const same = await inject_('POST', `/trial-periods/${trial.id}/outcome-corrections`, officer, correction);
    expect(same.json()).toMatchObject({ status: 422, code: 'NOTHING_TO_CORRECT' });
    await expect(tp.db.query('DELETE FROM trial_outcome_records')).rejects.toThrow(/never edited/);
  });

  it('given a running trial, when a correction is posted, then 409 TRIAL_NOT_ENDED; an unknown correction reason is 400', async () => {
    const { trial } = await openTrial('2026-03-16');
    const body = { ...ending, correctionReason: 'data_entry_error', explanation: 'x' };
    expect(
      (await inject_('POST', `/trial-periods/${trial.id}/outcome-corrections`, officer, body)).json(),
    ).toMatchObject({ code: 'TRIAL_NOT_ENDED' });
    const bad = await inject_('POST', `/trial-periods/${trial.id}/outcome-corrections`, officer, {
      ...body,
      correctionReason: 'worker_fault',
    });
    expect(bad.json<Problem>().errors?.map((e) => e.field)).toEqual(['body.correctionReason']);
  });
});

describe('trial-period: the placement ends', () => {
  const placementEnded = (
    placementId: string,
    personId: string,
    reason: DataOf<typeof PlacementEndedV1>['reason'],
    lastWorkedDay: string,
  ) =>
    publish(PlacementEndedV1, tenantId, placementId, personId, {
      placementId,
      personId,
      lastWorkedDay,
      reason,
    });

  it('given a running trial, when the committee ends the contract during it, then the trial closes without an outcome and emits nothing', async () => {
    const { trial, placementId, personId } = await openTrial('2026-03-16');
    await placementEnded(placementId, personId, 'ended_early', '2026-03-18');
    const closed = await waitFor(
      async () => {
        const t = (await inject_('GET', `/trial-periods/${trial.id}`)).json<Trial>();
        return t.status === 'closed' ? t : undefined;
      },
      { what: 'the trial to close' },
    );
    expect(closed.placementEnd).toEqual({ lastWorkedDay: '2026-03-18', reason: 'ended_early' });
    expect((await checkInsOf(trial.id)).every((c) => c.status === 'cancelled')).toBe(true);
    expect(
      (
        await inject_('POST', `/trial-periods/${trial.id}/outcome`, officer, { outcome: 'conclusive' })
      ).json(),
    ).toMatchObject({
      code: 'TRIAL_NOT_RUNNING',
    });
    expect(await outboxOf(trial.id)).toEqual([]);
  });

  it('given a passed trial, when the contract completes months later (twice delivered), then the trial keeps its outcome and records the end once', async () => {
    const { trial, placementId, personId } = await openTrial('2026-03-16');
    await inject_('POST', `/trial-periods/${trial.id}/outcome`, officer, { outcome: 'conclusive' });
    const completed = await placementEnded(placementId, personId, 'completed', '2026-12-31');
    const later = await placementEnded(placementId, personId, 'ended_early', '2026-12-15');
    const ended = await waitFor(
      async () => {
        const t = (await inject_('GET', `/trial-periods/${trial.id}`)).json<Trial>();
        return t.placementEnd ? t : undefined;
      },
      { what: 'the end to be recorded' },
    );
    await waitFor(
      async () =>
        (
          await tp.db.query('SELECT 1 FROM inbox WHERE event_id = ANY($1::uuid[])', [
            [completed.id, later.id],
          ])
        ).rowCount === 2,
      { what: 'both ends consumed' },
    );
    expect((await inject_('GET', `/trial-periods/${trial.id}`)).json()).toMatchObject({
      status: 'passed',
      placementEnd: { lastWorkedDay: '2026-12-31', reason: 'completed' },
    });
    expect(ended.status).toBe('passed');
    expect((await outboxOf(trial.id)).map((e) => e.type)).toEqual(['TrialPassed']);
  });
});

describe('trial-period: lists are paged', () => {
  it('given three trials of a person, when listed two by two, then the cursor leads to the last one; a forged cursor is 400', async () => {
    const cpas = '0190a000-0000-7000-8000-0000000000f3';
    const personId = uuidv7();
    for (const startDate of ['2026-01-05', '2026-02-02', '2026-03-02']) {
      const placementId = uuidv7();
      await publish(PlacementStartedV1, cpas, placementId, personId, {
        placementId,
        personId,
        hostEmployerId: uuidv7(),
        startDate,
      });
    }
    const headers = officerOf(cpas);
    await waitFor(
      async () =>
        (await inject_('GET', `/trial-periods?personId=${personId}`, headers)).json<{ items: Trial[] }>()
          .items.length === 3,
      { what: 'three trials' },
    );
    const first = (await inject_('GET', `/trial-periods?personId=${personId}&limit=2`, headers)).json<{
      items: Trial[];
      nextCursor: string;
    }>();
    expect(first.items).toHaveLength(2);
    const second = (
      await inject_('GET', `/trial-periods?personId=${personId}&limit=2&cursor=${first.nextCursor}`, headers)
    ).json<{ items: Trial[]; nextCursor: string | null }>();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const forged = await inject_('GET', `/trial-periods?cursor=abc`, headers);
    expect(forged.json<Problem>().errors?.map((e) => e.field)).toEqual(['querystring.cursor']);
  });
});
