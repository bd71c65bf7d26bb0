import {
  buildEvent,
  CommitteeDecisionRecordedV1,
  DEAD_LETTER_TOPICS,
  PlacementEndedV1,
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
import { withTenantTransaction } from '@relais/messaging';
import { checkCoverage } from '../src/app/check-coverage.ts';
import { suspendIncome } from '../src/app/suspend-income.ts';
import { applyCoverageChanges } from '../src/db/coverage.ts';
import type { CoveragePeriod } from '../src/domain/coverage.ts';
import { incomeContinuityService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000c3';
const socialWorker = { tenantId, roles: 'social_worker' as const, userId: uuidv7() };
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let ic: TestService<BaseConfig>;

/** A new event of this CPAS about `key`. */
const eventOf = <D extends EventDefinition>(definition: D, key: string, data: DataInputOf<D>) =>
  buildEvent(definition, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId: key,
    correlationId: uuidv7(),
    causationId: null,
    data,
  });
const publish = async <D extends EventDefinition>(definition: D, key: string, data: DataInputOf<D>) => {
  const event = eventOf(definition, key, data);
  await send(definition, key, event);
  return event;
};
const send = async (definition: EventDefinition, key: string, event: unknown) => {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: topicName(definition.topic, ic.prefix),
    messages: [{ key, value: JSON.stringify(event) }],
  });
  await producer.disconnect();
};

const api = async <T = Record<string, unknown>>(method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await ic.service.app.inject({
    method,
    url,
    headers: await authHeaders(socialWorker),
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.json<T>() };
};

interface Coverage {
  periods: {
    id: string;
    kind: string;
    startDate: string;
    endDate: string | null;
    status: string;
    category: string | null;
    amount: { totalCents: number | null } | null;
  }[];
  gaps: { from: string; to: string | null; justifiedBy: string | null }[];
  reopenings: {
    id: string;
    cause: string;
    reasonCode: string | null;
    officerAnalysis: string | null;
    proposals: { kind: string; status: string }[];
    decision: { outcome: string } | null;
  }[];
  bridges: { status: string; reviewOn: string }[];
  tasks: { kind: string; status: string; dueOn: string }[];
}
interface Timeline {
  entries: { kind: string; effectiveOn: string; details: Record<string, unknown> }[];
  revisions: { periodId: string; fact: string; status: string; decisionId: string | null }[];
}
const coverage = async (personId: string) =>
  (await api<Coverage>('GET', `/persons/${personId}/income-coverage?asOf=2026-12-31`)).body;
const timeline = async (personId: string) =>
  (await api<Timeline>('GET', `/persons/${personId}/timeline`)).body;
const until = <T>(probe: () => Promise<T | undefined | false>, what: string) => waitFor(probe, { what });

/** A person on the RI since January, who starts a placement on 2 March 2026. */
const placedPerson = async () => {
  const personId = uuidv7();
  const placementId = uuidv7();
  expect(
    (
      await api('POST', `/persons/${personId}/integration-income`, {
        startDate: '2026-01-01',
        category: 'single',
      })
    ).status,
  ).toBe(201);
  const started = await publish(PlacementStartedV1, personId, {
    placementId,
    personId,
    hostEmployerId: uuidv7(),
    startDate: '2026-03-02',
  });
  await until(async () => (await coverage(personId)).periods.length === 2 && true, 'the salary period');
  return { personId, placementId, started };
};

/** A placed person whose contract completed on 31 December 2026: on a bridge until benefits are confirmed. */
const bridgedPerson = async () => {
  const placed = await placedPerson();
  await publish(PlacementEndedV1, placed.personId, {
    placementId: placed.placementId,
    personId: placed.personId,
    lastWorkedDay: '2026-12-31',
    reason: 'completed',
  });
  const bridged = await until(async () => {
    const c = await coverage(placed.personId);
    return c.bridges.length > 0 ? c : undefined;
  }, 'the bridge');
  return { ...placed, bridged };
};

const trialEnded = (personId: string, placementId: string) =>
  publish(TrialEndedV1, personId, {
    trialPeriodId: uuidv7(),
    placementId,
    personId,
    placementStartDate: '2026-03-02',
    outcome: 'not_conclusive',
    lastWorkedDay: '2026-03-20',
    reasonCode: 'transport',
    initiatedBy: 'worker',
    officerAnalysis: 'Two buses each way; the host could not adapt the hours.',
  });

const reopeningOf = (personId: string) =>
  until(async () => (await coverage(personId)).reopenings[0], 'the reopening');

const decide = (reopeningId: string, data: Partial<DataInputOf<typeof CommitteeDecisionRecordedV1>>) =>
  publish(CommitteeDecisionRecordedV1, reopeningId, {
    decisionId: uuidv7(),
    subject: { kind: 'income_reopening', id: reopeningId },
    outcome: 'approved',
    reasonCode: null,
    decidedOn: '2026-03-25',
    effectiveOn: null,
    amendments: null,
    ...data,
  });

const ownEvents = async (personId: string) =>
  (await readTopic(kafka, TOPICS.incomeContinuity, ic.prefix))
    .map((m) => JSON.parse(m.value ?? '{}') as EventOf<EventDefinition> & { data: { personId?: string } })
    .filter((e) => e.data.personId === personId);

beforeAll(async () => {
  ic = await startTestService(incomeContinuityService, infra);
});
afterAll(async () => {
  await ic.close();
});

describe('income coverage from registration to the committee, against real PostgreSQL and Kafka', () => {
  it('alerts on a pending rental guarantee before suspending the RI, once, and keeps both on the timeline in that order; its closing is told once', async () => {
    const personId = uuidv7();
    await api('POST', `/persons/${personId}/integration-income`, {
      startDate: '2026-01-01',
      category: 'single',
    });
    const aid = await api<{ id: string }>('POST', `/persons/${personId}/aid-requests`, {
      kind: 'rental_guarantee',
      requestedOn: '2026-02-20',
    });
    expect(aid.status).toBe(201);
    await api('POST', `/persons/${personId}/aid-requests`, {
      kind: 'medical_costs',
      requestedOn: '2026-02-21',
      dependsOnIntegrationIncome: false,
    });
    const placementId = uuidv7();
    const started = await publish(PlacementStartedV1, personId, {
      placementId,
      personId,
      hostEmployerId: uuidv7(),
      startDate: '2026-03-02',
    });
    await send(PlacementStartedV1, personId, { ...started, id: uuidv7() });
    const events = await until(async () => {
      const mine = await ownEvents(personId);
      return mine.some((e) => e.type === 'IncomeSuspended') ? mine : undefined;
    }, 'the suspension on the topic');
    expect(events.map((e) => e.type)).toEqual(['IncomeCoverageChanged', 'AidAtRisk', 'IncomeSuspended']);
    expect(events[1]?.data).toMatchObject({
      placementId,
      suspensionFrom: '2026-03-02',
      aidRequests: [{ aidRequestId: aid.body.id, kind: 'rental_guarantee', requestedOn: '2026-02-20' }],
    });
    expect(events[2]?.data).toMatchObject({
      suspendedFrom: '2026-03-02',
      paidThrough: '2026-03-01',
      category: 'single',
    });
    expect((await timeline(personId)).entries.map((e) => e.kind)).toEqual([
      'income_registered',
      'aid_request_registered',
      'aid_request_registered',
      'aid_at_risk',
      'income_suspended',
    ]);
    const closed = await api('POST', `/persons/${personId}/aid-requests/${aid.body.id}/closure`, {
      closedOn: '2026-03-03',
      closure: 'granted',
    });
    expect(closed).toMatchObject({ status: 200, body: { status: 'closed', closure: 'granted' } });
    const again = await api('POST', `/persons/${personId}/aid-requests/${aid.body.id}/closure`, {
      closedOn: '2026-03-04',
      closure: 'refused',
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'AID_REQUEST_CLOSED' } });
    const closings = await until(async () => {
      const mine = (await ownEvents(personId)).filter((e) => e.type === 'AidRequestClosed');
      return mine.length > 0 ? mine : undefined;
    }, 'AidRequestClosed on the topic');
    expect(closings).toHaveLength(1);
    expect(closings[0]).toMatchObject({
      version: 1,
      tenantId,
      aggregateId: aid.body.id,
      data: { aidRequestId: aid.body.id, personId, closedOn: '2026-03-03' },
    });
  });

  it('records the reasons and the analysis with the reopening, and a refusal makes the uncovered days legitimate, on the metric too', async () => {
    const { personId, placementId } = await placedPerson();
    await trialEnded(personId, placementId);
    const reopening = await reopeningOf(personId);
    expect(reopening).toMatchObject({
      cause: 'trial_not_conclusive',
      reasonCode: 'transport',
      officerAnalysis: expect.stringContaining('buses'),
    });
    // The reopening checked the coverage with the state it read before writing, the changes applied
    // in memory: no gap, and a check that reads it all again afterwards has nothing to change.
    expect((await coverage(personId)).gaps).toEqual([]);
    const gapRows = () =>
      ic.db.query(
        'SELECT id, from_date, to_date, resolved_at FROM coverage_gaps WHERE person_id = $1 ORDER BY id',
        [personId],
      );
    const outboxRows = () => ic.db.query('SELECT count(*)::int AS n FROM outbox');
    const [gapsBefore, outboxBefore] = [(await gapRows()).rows, (await outboxRows()).rows];
    await withTenantTransaction(ic.service.context.pool, tenantId, (tx) =>
      checkCoverage(ic.service.context, tx, {
        tenantId,
        personId,
        correlationId: uuidv7(),
        causationId: null,
      }),
    );
    expect((await gapRows()).rows).toEqual(gapsBefore);
    expect((await outboxRows()).rows).toEqual(outboxBefore);
    const reopenedEntry = (await timeline(personId)).entries.find((e) => e.kind === 'income_reopened');
    expect(reopenedEntry?.details).toMatchObject({
      reasonCode: 'transport',
      initiatedBy: 'worker',
      followUp: 'continued',
      officerAnalysis: expect.any(String),
    });

    const noReason = await decide(reopening.id, { outcome: 'refused' });
    const refusal = await decide(reopening.id, {
      outcome: 'refused',
      reasonCode: 'resources_above_threshold',
    });
    await send(CommitteeDecisionRecordedV1, reopening.id, { ...refusal, id: uuidv7() });
    // The decision without a reason is parked, and the reopening's later decisions wait behind it
    // (one key, one order) until the operator discards it.
    const parked = await until(async () => {
      const { rows } = await ic.db.query<{ id: string; detail: unknown }>(
        "SELECT id, detail FROM dead_letters WHERE event_id = $1 AND status = 'parked'",
        [noReason.id],
      );
      return rows[0];
    }, 'the refusal without reason parked');
    expect(JSON.stringify(parked.detail)).toContain('REFUSAL_REASON_REQUIRED');
    expect((await coverage(personId)).reopenings[0]?.decision).toBeNull();
    const discarded = await ic.service.app.inject({
      method: 'POST',
      url: `/dead-letters/${parked.id}/discard`,
      headers: await authHeaders({ ...socialWorker, roles: 'platform_operator' }),
      payload: { reason: 'a refusal needs its reason: the committee sent it again with one' },
    });
    expect(discarded.statusCode).toBe(200);
    const view = await until(async () => {
      const c = await coverage(personId);
      return c.reopenings[0]?.decision ? c : undefined;
    }, 'the refusal');
    expect(view.gaps).toEqual([{ from: '2026-03-21', to: null, justifiedBy: refusal.data.decisionId }]);
    expect(view.periods.find((p) => p.startDate === '2026-03-21')).toMatchObject({
      status: 'withdrawn',
      amount: null,
    });
    expect(view.reopenings[0]?.proposals).toEqual([
      { kind: 'continue_isp_follow_up', status: 'approved' },
      { kind: 'reopen_integration_income', status: 'refused' },
      { kind: 'take_note_of_trial_end', status: 'approved' },
    ]);
    const dead = await until(async () => {
      const letters = (await readTopic(kafka, DEAD_LETTER_TOPICS.incomeContinuity, ic.prefix)).filter((m) =>
        m.value?.includes(noReason.id),
      );
      return letters[0];
    }, 'the refusal without reason parked');
    expect(dead.headers['dlq-detail']).toContain('REFUSAL_REASON_REQUIRED');
    const revisions = (await timeline(personId)).revisions.filter(
      (r) => r.periodId === reopening.id || r.decisionId === refusal.data.decisionId,
    );
    expect(revisions.map((r) => r.fact)).toEqual(['withdrawn']);
    const changed = (await ownEvents(personId))
      .filter((e) => e.type === 'IncomeCoverageChanged')
      .map((e) => (e.data as { change: string }).change);
    expect(changed).toEqual(['income_registered', 'reopening_refused']);
    const metrics = await ic.service.app.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(/relais_coverage_gaps\{justified="true"\} [1-9]/);
    expect(metrics.body).toContain('relais_coverage_gaps{justified="false"} 0');
  });

  it('amends the effective date and category: the period moves, the days before it are justified, the amount follows the category', async () => {
    const { personId, placementId } = await placedPerson();
    await trialEnded(personId, placementId);
    const reopening = await reopeningOf(personId);
    const amended = await decide(reopening.id, {
      outcome: 'amended',
      amendments: { effectiveFrom: '2026-04-01', category: 'with_dependants' },
    });
    const view = await until(async () => {
      const c = await coverage(personId);
      return c.reopenings[0]?.decision ? c : undefined;
    }, 'the amendment');
    expect(view.periods.at(-1)).toMatchObject({
      startDate: '2026-04-01',
      category: 'with_dependants',
      status: 'active',
    });
    expect(view.periods.at(-1)?.amount?.totalCents).toBeGreaterThan(0);
    expect(view.periods[0]?.amount?.totalCents).toBeGreaterThan(0);
    expect(view.gaps).toEqual([
      { from: '2026-03-21', to: '2026-03-31', justifiedBy: amended.data.decisionId },
    ]);
  });

  it('closes a bridge when a new placement starts: its task done, the bridging RI suspended, no gap', async () => {
    const done = await bridgedPerson();
    const next = uuidv7();
    await publish(PlacementStartedV1, done.personId, {
      placementId: next,
      personId: done.personId,
      hostEmployerId: uuidv7(),
      startDate: '2027-01-18',
    });
    const after = await until(async () => {
      const c = await coverage(done.personId);
      return c.bridges[0]?.status === 'closed' ? c : undefined;
    }, 'the bridge closed');
    expect(after.tasks.map((t) => t.status)).toEqual(['done']);
    expect(after.periods.map((p) => [p.kind, p.startDate, p.endDate])).toEqual([
      ['integration_income', '2026-01-01', '2026-03-01'],
      ['article60_salary', '2026-03-02', '2026-12-31'],
      ['integration_income', '2027-01-01', '2027-01-17'],
      ['article60_salary', '2027-01-18', null],
    ]);
    expect(after.gaps).toEqual([]);
    const closed = (await timeline(done.personId)).entries.filter((e) => e.kind === 'bridge_closed');
    expect(closed.map((e) => e.details)).toEqual([
      expect.objectContaining({ reason: 'new_placement', placementId: next }),
    ]);
  });

  it('reopens after a contract ended early (IncomeReopened v2) and bridges a completed contract until benefits are confirmed', async () => {
    const early = await placedPerson();
    await publish(PlacementEndedV1, early.personId, {
      placementId: early.placementId,
      personId: early.personId,
      lastWorkedDay: '2026-06-30',
      reason: 'ended_early',
    });
    const reopening = await reopeningOf(early.personId);
    expect(reopening).toMatchObject({ cause: 'contract_ended_early' });
    const v2 = await until(
      async () => (await ownEvents(early.personId)).find((e) => e.type === 'IncomeReopened'),
      'IncomeReopened v2',
    );
    expect(v2).toMatchObject({
      version: 2,
      data: { trialPeriodId: null, effectiveFrom: '2026-07-01', category: 'single' },
    });

    const done = await bridgedPerson();
    const { bridged } = done;
    expect(bridged.periods.at(-1)).toMatchObject({
      startDate: '2027-01-01',
      status: 'bridging',
      category: 'single',
    });
    expect(bridged.tasks).toEqual([
      expect.objectContaining({
        kind: 'confirm_first_unemployment_payment',
        status: 'open',
        dueOn: '2027-02-15',
      }),
    ]);
    const confirmed = await api('POST', `/persons/${done.personId}/unemployment-benefits`, {
      firstPaymentOn: '2027-02-10',
      benefitsFrom: '2027-02-01',
    });
    expect(confirmed).toMatchObject({
      status: 201,
      body: { kind: 'unemployment_benefit', startDate: '2027-02-01' },
    });
    const after = await coverage(done.personId);
    expect(after.periods.map((p) => [p.kind, p.startDate, p.endDate])).toEqual([
      ['integration_income', '2026-01-01', '2026-03-01'],
      ['article60_salary', '2026-03-02', '2026-12-31'],
      ['integration_income', '2027-01-01', '2027-01-31'],
      ['unemployment_benefit', '2027-02-01', null],
    ]);
    expect(after.gaps).toEqual([]);
    expect(after.tasks[0]?.status).toBe('done');
    expect(
      (
        await api('POST', `/persons/${done.personId}/unemployment-benefits`, {
          firstPaymentOn: '2027-02-10',
          benefitsFrom: '2027-02-01',
        })
      ).body,
    ).toMatchObject({ status: 409, code: 'NO_OPEN_BRIDGE' });
  });

  it('lets only the social service change the file, and refuses to register an RI over a running salary', async () => {
    const { personId } = await placedPerson();
    const asOfficer = await ic.service.app.inject({
      method: 'POST',
      url: `/persons/${personId}/aid-requests`,
      headers: await authHeaders({ ...socialWorker, roles: 'placement_officer' }),
      payload: { kind: 'energy_aid', requestedOn: '2026-03-05' },
    });
    expect(asOfficer.json()).toMatchObject({ status: 403, code: 'ROLE_NOT_ALLOWED' });
    const overSalary = await api('POST', `/persons/${personId}/integration-income`, {
      startDate: '2026-04-01',
      category: 'cohabitant',
    });
    expect(overSalary.body).toMatchObject({
      status: 409,
      code: 'PERSON_IN_PLACEMENT',
      errors: [{ field: 'startDate' }],
    });
    const noActor = await ic.service.app.inject({
      method: 'POST',
      url: `/persons/${personId}/aid-requests`,
      payload: { kind: 'energy_aid', requestedOn: '2026-03-05' },
    });
    expect(noActor.statusCode).toBe(401);
  });

  it.each([
    ['awaited (the owner, no pipeline)', () => ic.db],
    ['sent without waiting (the service’s pipelining pool)', () => ic.service.context.pool],
  ])(
    'writes timeline changes in one statement, one after the other where two touch the same period, each with its revision: %s',
    async (_, poolOf) => {
      const pool = poolOf();
      const personId = uuidv7();
      const scope = { tenantId, personId, sourceEventId: uuidv7() };
      const period = (id: string, startDate: string) => ({
        id,
        kind: 'integration_income' as const,
        startDate,
        endDate: null,
        placementId: null,
        status: 'active' as const,
        category: 'single' as const,
      });
      const [first, second, third] = [uuidv7(), uuidv7(), uuidv7()];
      // A period that is not there fails the change, and the transaction with it.
      await expect(
        withTenantTransaction(pool, tenantId, async (tx) => {
          await applyCoverageChanges(tx, scope, [{ op: 'insert', period: period(first, '2026-01-01') }]);
          await applyCoverageChanges(tx, scope, [{ op: 'end', periodId: uuidv7(), endDate: '2026-12-31' }]);
        }),
      ).rejects.toThrow(/is missing/);
      expect(
        (await ic.db.query('SELECT 1 FROM coverage_periods WHERE person_id = $1', [personId])).rowCount,
      ).toBe(0);
      await withTenantTransaction(pool, tenantId, async (tx) => {
        await applyCoverageChanges(tx, scope, [
          { op: 'insert', period: period(first, '2026-01-01') },
          { op: 'insert', period: period(second, '2026-09-01') },
        ]);
        // `third` opened then ended in one call: its two changes cannot share a statement.
        await applyCoverageChanges(tx, scope, [
          { op: 'end', periodId: first, endDate: '2026-03-31' },
          { op: 'insert', period: period(third, '2026-04-01') },
          { op: 'end', periodId: third, endDate: '2026-08-31' },
        ]);
      });
      const { rows } = await ic.db.query<{ id: string; start_date: string; end_date: string | null }>(
        'SELECT id, start_date, end_date FROM coverage_periods WHERE person_id = $1 ORDER BY start_date',
        [personId],
      );
      expect(rows).toEqual([
        { id: first, start_date: '2026-01-01', end_date: '2026-03-31' },
        { id: third, start_date: '2026-04-01', end_date: '2026-08-31' },
        { id: second, start_date: '2026-09-01', end_date: null },
      ]);
      const revisions = await ic.db.query<{ period_id: string; fact: string; end_date: string | null }>(
        'SELECT period_id, fact, end_date FROM coverage_period_revisions WHERE person_id = $1 ORDER BY seq',
        [personId],
      );
      expect(revisions.rows).toEqual([
        { period_id: first, fact: 'opened', end_date: null },
        { period_id: second, fact: 'opened', end_date: null },
        { period_id: first, fact: 'ended', end_date: '2026-03-31' },
        { period_id: third, fact: 'opened', end_date: null },
        { period_id: third, fact: 'ended', end_date: '2026-08-31' },
      ]);
    },
  );

  it('writes a start’s salary period at once when its handler reads the timeline itself (a replay from the desk): the coverage check after it sees the period', async () => {
    const personId = uuidv7();
    // An RI that ended the day before the placement starts: without the salary, the days from
    // the start would be uncovered.
    await withTenantTransaction(ic.service.context.pool, tenantId, async (tx) => {
      await applyCoverageChanges(tx, { tenantId, personId, sourceEventId: uuidv7() }, [
        {
          op: 'insert',
          period: {
            id: uuidv7(),
            kind: 'integration_income',
            startDate: '2026-01-01',
            endDate: '2026-01-31',
            placementId: null,
            status: 'active',
            category: 'single',
          },
        },
      ]);
    });
    const placementId = uuidv7();
    const started = eventOf(PlacementStartedV1, placementId, {
      placementId,
      personId,
      hostEmployerId: uuidv7(),
      startDate: '2026-02-01',
    });
    // No `begun`: the handler reads the person's state itself, then the coverage check reads it back.
    await withTenantTransaction(ic.service.context.pool, tenantId, async (tx) => {
      await suspendIncome(ic.service.context, tx, started, { logger: ic.service.context.logger });
    });
    const gaps = await ic.db.query('SELECT from_date FROM coverage_gaps WHERE person_id = $1', [personId]);
    expect(gaps.rows).toEqual([]);
    const salary = await ic.db.query(
      "SELECT start_date FROM coverage_periods WHERE person_id = $1 AND kind = 'article60_salary'",
      [personId],
    );
    expect(salary.rows).toEqual([{ start_date: '2026-02-01' }]);
  });

  /** An open RI period since 2026-01-01, not yet written. */
  const openRi = (): CoveragePeriod => ({
    id: uuidv7(),
    kind: 'integration_income',
    startDate: '2026-01-01',
    endDate: null,
    placementId: null,
    status: 'active',
    category: 'single',
  });

  it('leaves every change and its revision to the COMMIT when the caller gives the periods it read (leftToCommit), as the statement writes them', async () => {
    const pool = ic.service.context.pool;
    /**
     * For a new person with an open RI and a provisional one: ends the first, confirms the
     * second and opens a salary, left to the COMMIT or not. What was stored, and what the
     * transaction saw before its COMMIT.
     */
    const written = async (deferred: boolean) => {
      const personId = uuidv7();
      const sourceEventId = uuidv7();
      const ri = openRi();
      const provisional: CoveragePeriod = {
        ...ri,
        id: uuidv7(),
        startDate: '2026-03-01',
        status: 'provisional',
      };
      const salary: CoveragePeriod = {
        ...ri,
        id: uuidv7(),
        kind: 'article60_salary',
        startDate: '2026-02-02',
        placementId: uuidv7(),
        category: null,
      };
      await withTenantTransaction(pool, tenantId, async (tx) => {
        await applyCoverageChanges(tx, { tenantId, personId, sourceEventId: uuidv7() }, [
          { op: 'insert', period: ri },
          { op: 'insert', period: provisional },
        ]);
      });
      let seenBeforeCommit: unknown[] = [];
      await withTenantTransaction(pool, tenantId, async (tx) => {
        await applyCoverageChanges(
          tx,
          { tenantId, personId, sourceEventId },
          [
            { op: 'end', periodId: ri.id, endDate: '2026-02-01' },
            {
              op: 'revise',
              fact: 'confirmed',
              period: { ...provisional, status: 'active', category: 'cohabitant' },
            },
            { op: 'insert', period: salary },
          ],
          deferred ? { leftToCommit: [ri, provisional] } : {},
        );
        seenBeforeCommit = (
          await tx.query(
            'SELECT kind, end_date, status FROM coverage_periods WHERE person_id = $1 ORDER BY start_date',
            [personId],
          )
        ).rows;
      });
      const periods = await ic.db.query(
        `SELECT kind, start_date, end_date, status, category, source_event_id = $2 AS from_event, actor_id
           FROM coverage_periods WHERE person_id = $1 ORDER BY start_date`,
        [personId, sourceEventId],
      );
      const revisions = await ic.db.query(
        `SELECT r.fact, r.kind, r.start_date, r.end_date, r.status, r.category, r.source_event_id = $2 AS from_event,
                r.decision_id, r.actor_id
           FROM coverage_period_revisions r WHERE r.person_id = $1 ORDER BY r.seq`,
        [personId, sourceEventId],
      );
      return { seenBeforeCommit, periods: periods.rows, revisions: revisions.rows };
    };
    const deferred = await written(true);
    const sent = await written(false);
    // Before the COMMIT, the deferred changes are not there: the periods as they were.
    expect(deferred.seenBeforeCommit).toEqual([
      { kind: 'integration_income', end_date: null, status: 'active' },
      { kind: 'integration_income', end_date: null, status: 'provisional' },
    ]);
    expect(sent.seenBeforeCommit).toHaveLength(3);
    expect(deferred.periods).toEqual(sent.periods);
    expect(deferred.revisions).toEqual(sent.revisions);
    expect(deferred.periods).toEqual([
      expect.objectContaining({
        kind: 'integration_income',
        end_date: '2026-02-01',
        status: 'active',
        from_event: false,
      }),
      expect.objectContaining({ kind: 'article60_salary', end_date: null, from_event: true }),
      expect.objectContaining({
        kind: 'integration_income',
        status: 'active',
        category: 'cohabitant',
        from_event: false,
      }),
    ]);
    expect(deferred.revisions.slice(2).map((r: { fact: string }) => r.fact)).toEqual([
      'ended',
      'confirmed',
      'opened',
    ]);
  });

  it('fails the COMMIT when a period a deferred change ends is not there', async () => {
    const personId = uuidv7();
    const gone = openRi();
    await expect(
      withTenantTransaction(ic.service.context.pool, tenantId, async (tx) => {
        await applyCoverageChanges(
          tx,
          { tenantId, personId, sourceEventId: uuidv7() },
          [{ op: 'end', periodId: gone.id, endDate: '2026-02-01' }],
          { leftToCommit: [gone] },
        );
      }),
    ).rejects.toThrow(`a coverage period of the change is missing (${gone.id})`);
    const revisions = await ic.db.query('SELECT 1 FROM coverage_period_revisions WHERE person_id = $1', [
      personId,
    ]);
    expect(revisions.rows).toEqual([]);
  });
});
