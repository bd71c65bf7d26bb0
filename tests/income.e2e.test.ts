import { TOPICS, type EventDefinition, type EventOf } from '@relais/contracts';
import { belgianDay } from '@relais/service-kit';
import {
  authHeaders,
  type TestUser,
  placementFlow,
  readTopic,
  testKafka,
  waitFor,
  type ServiceProcess,
  startProcessStack,
  type ProcessStack,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000e6';
const names = ['placement', 'trial-period', 'income-continuity'] as const;
type Name = (typeof names)[number];

const kafka = testKafka(inject('kafkaBrokers'));
const socialWorker = { tenantId, roles: 'social_worker' as const, userId: uuidv7() };
/** The officer and the person's social worker reading what each needs. */
const staff: TestUser = { tenantId, roles: ['placement_officer', 'social_worker'], userId: uuidv7() };

const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let stack: ProcessStack<Name>;
const service = (name: Name): ServiceProcess => stack.service(name);

const call = async <T>(name: Name, path: string, body?: unknown, user: TestUser = staff) => {
  const res = await fetch(`${service(name).url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(await authHeaders(user)),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

interface Coverage {
  periods: { kind: string; startDate: string; endDate: string | null; status: string }[];
  gaps: unknown[];
  reopenings: {
    id: string;
    trialPeriodId: string;
    effectiveFrom: string;
    proposals: { kind: string; status: string }[];
    decision: { outcome: string } | null;
  }[];
}
interface Timeline {
  entries: { kind: string; details: Record<string, unknown> }[];
}

const day = (offset: number) => new Date(Date.now() + offset * 86400000);
const today = belgianDay(day(0));
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
const twoMonthsAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 60 * 86400000).toISOString().slice(0, 10);
const dayBefore = new Date(Date.parse(`${today}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
let flow: ReturnType<typeof placementFlow>;

const eventsAbout = async (personId: string) =>
  (await readTopic(kafka, TOPICS.incomeContinuity, stack.prefix))
    .map((m) => JSON.parse(m.value ?? '{}') as EventOf<EventDefinition> & { data: { personId?: string } })
    .filter((e) => e.data.personId === personId);

beforeAll(async () => {
  stack = await startProcessStack({ names, label: 'e2e-income', infra });

  flow = placementFlow({
    placementUrl: service('placement').url,
    tenantId,
    kafka,
    topicPrefix: stack.prefix,
  });
  await flow.ensureSkills(['cooking']);
});

afterAll(async () => {
  await stack.close();
});

describe('income continuity across placement, trial-period and income-continuity processes', () => {
  it('alerts on the pending rental guarantee before the suspension, reopens the RI the day after the trial, and leaves no gap once the committee confirms', async () => {
    const host = await flow.approvedHost(today);
    const position = await flow.openPosition(host);
    const candidate = await flow.availableCandidate();
    const personId = candidate.id;

    // The social service's file: the RI since two months, and a rental guarantee pending.
    expect(
      (
        await call(
          'income-continuity',
          `/persons/${personId}/integration-income`,
          { startDate: twoMonthsAgo, category: 'single' },
          socialWorker,
        )
      ).status,
    ).toBe(201);
    const guarantee = await call<{ id: string }>(
      'income-continuity',
      `/persons/${personId}/aid-requests`,
      { kind: 'rental_guarantee', requestedOn: dayBefore },
      socialWorker,
    );
    expect(guarantee.status).toBe(201);

    await flow.engage(position.id, candidate.id, today, today);
    const suspension = await waitFor(
      async () => {
        const events = await eventsAbout(personId);
        return events.some((e) => e.type === 'IncomeSuspended') ? events : undefined;
      },
      { what: 'the RI suspension', timeoutMs: 30000 },
    );
    const types = suspension.map((e) => e.type);
    expect(types.indexOf('AidAtRisk')).toBeGreaterThan(-1);
    expect(types.indexOf('AidAtRisk')).toBeLessThan(types.indexOf('IncomeSuspended'));
    expect(suspension.find((e) => e.type === 'AidAtRisk')?.data).toMatchObject({
      suspensionFrom: today,
      aidRequests: [{ aidRequestId: guarantee.body.id, kind: 'rental_guarantee' }],
    });

    const placement = await waitFor(
      async () =>
        (
          await call<{ items: { id: string; status: string }[] }>(
            'placement',
            `/placements?personId=${personId}`,
          )
        ).body.items.find((p) => p.status === 'started'),
      { what: 'the contract to start' },
    );
    const trial = await waitFor(
      async () =>
        (
          await call<{ items: { id: string }[] }>(
            'trial-period',
            `/trial-periods?placementId=${placement.id}`,
          )
        ).body.items[0],
      { what: 'the trial to open' },
    );
    const ended = await call('trial-period', `/trial-periods/${trial.id}/outcome`, {
      outcome: 'not_conclusive',
      lastWorkedDay: today,
      reasonCode: 'tasks_not_matching_skills',
      initiatedBy: 'host',
    });
    expect(ended.status).toBe(200);

    const reopened = await waitFor(
      async () => {
        const { body } = await call<Coverage>('income-continuity', `/persons/${personId}/income-coverage`);
        return body.reopenings[0] ? body : undefined;
      },
      { what: 'the reopening', timeoutMs: 30000 },
    );
    expect(reopened.periods.map((p) => [p.kind, p.startDate, p.endDate, p.status])).toEqual([
      ['integration_income', twoMonthsAgo, dayBefore, 'active'],
      ['article60_salary', today, today, 'active'],
      ['integration_income', tomorrow, null, 'provisional'],
    ]);
    expect(reopened.reopenings[0]).toMatchObject({ trialPeriodId: trial.id, effectiveFrom: tomorrow });
    const followUps = await call<{ items: { status: string }[] }>(
      'income-continuity',
      `/persons/${personId}/follow-ups`,
    );
    expect(followUps.body.items).toEqual([expect.objectContaining({ status: 'open' })]);
    const item = await waitFor(
      async () => (await eventsAbout(personId)).find((e) => e.type === 'IncomeReopened'),
      { what: 'the committee item' },
    );
    expect(item.data).toMatchObject({
      reopeningId: reopened.reopenings[0]?.id,
      proposals: ['take_note_of_trial_end', 'reopen_integration_income', 'continue_isp_follow_up'],
    });

    const reopeningId = reopened.reopenings[0]?.id ?? '';
    await flow.decide('income_reopening', reopeningId, today);
    const ratified = await waitFor(
      async () => {
        const { body } = await call<Coverage>('income-continuity', `/persons/${personId}/income-coverage`);
        return body.reopenings[0]?.decision ? body : undefined;
      },
      { what: 'the committee confirmation', timeoutMs: 30000 },
    );
    expect(ratified.periods.at(-1)).toMatchObject({ startDate: tomorrow, status: 'active' });
    expect(ratified.gaps).toEqual([]);
    expect(ratified.reopenings[0]?.proposals.every((p) => p.status === 'approved')).toBe(true);
    const { body: timeline } = await call<Timeline>('income-continuity', `/persons/${personId}/timeline`);
    expect(timeline.entries.map((e) => e.kind)).toEqual([
      'income_registered',
      'aid_request_registered',
      'aid_at_risk',
      'income_suspended',
      'income_reopened',
      // The situation 3, 6 and 12 months after the placement's end will be asked for.
      'outcome_checks_planned',
      'reopening_confirmed',
    ]);
    const confirmed = await waitFor(
      async () =>
        (await eventsAbout(personId)).find(
          (e) =>
            e.type === 'IncomeCoverageChanged' &&
            (e.data as { change: string }).change === 'reopening_confirmed',
        ),
      { what: 'the social worker informed' },
    );
    expect(confirmed.data).toMatchObject({ reopeningId, effectiveFrom: tomorrow });
  });
});
