import { belgianDay } from '@relais/service-kit';
import {
  authHeaders,
  placementFlow,
  testKafka,
  waitFor,
  type ServiceProcess,
  startProcessStack,
  type ProcessStack,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000e5';
const names = ['placement', 'trial-period', 'income-continuity'] as const;
type Name = (typeof names)[number];

const officer = { tenantId, roles: 'placement_officer' as const, userId: uuidv7() };

const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let stack: ProcessStack<Name>;
const service = (name: Name): ServiceProcess => stack.service(name);

/** Calls a service as the officer; `headers: {}` calls it as the tutor (no account, no token). */
const call = async <T>(
  name: Name,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) => {
  const res = await fetch(`${service(name).url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.headers ?? (await authHeaders(officer))),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

interface CheckIn {
  id: string;
  sequence: number;
  status: string;
  flagged: boolean;
  disagreements: { item: string; ratings: Record<string, number> }[];
  voices: { voice: string; source: string }[];
}

const today = belgianDay(new Date());
const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
let flow: ReturnType<typeof placementFlow>;

beforeAll(async () => {
  stack = await startProcessStack({ names, label: 'e2e-trial', infra });

  flow = placementFlow({
    placementUrl: service('placement').url,
    tenantId,
    kafka: testKafka(inject('kafkaBrokers')),
    topicPrefix: stack.prefix,
    officerId: officer.userId,
  });
  await flow.ensureSkills(['cooking']);
});

afterAll(async () => {
  await stack.close();
});

const voices = (task: number, comment: string | null = null) => ({
  ratings: {
    punctuality: 4,
    task_mastery: task,
    team_integration: 3,
    safety_behaviour: 4,
    language_at_work: 3,
  },
  comment,
});

describe('a trial period across the placement, trial-period and income-continuity processes', () => {
  it('opens on PlacementStarted, holds three check-ins (tutor link, disagreement flagged), ends not conclusive and the income reopens the next day', async () => {
    const host = await flow.approvedHost(today);
    const position = await flow.openPosition(host);
    const candidate = await flow.availableCandidate();
    await flow.engage(position.id, candidate.id, today, today);
    const placement = await waitFor(
      async () =>
        (
          await call<{ items: { id: string; status: string }[] }>(
            'placement',
            `/placements?personId=${candidate.id}`,
          )
        ).body.items.find((p) => p.status === 'started'),
      { what: 'the contract to start' },
    );
    const trial = await waitFor(
      async () =>
        (
          await call<{ items: { id: string; status: string }[] }>(
            'trial-period',
            `/trial-periods?placementId=${placement.id}`,
          )
        ).body.items[0],
      { what: 'the trial period to open' },
    );
    expect(trial.status).toBe('running');
    const checkIns = (
      await call<{ items: CheckIn[] }>('trial-period', `/trial-periods/${trial.id}/check-ins`)
    ).body.items;
    expect(checkIns.map((c) => [c.sequence, c.status])).toEqual([
      [1, 'scheduled'],
      [2, 'scheduled'],
      [3, 'scheduled'],
    ]);
    const [first, second, third] = checkIns as [CheckIn, CheckIn, CheckIn];
    const record = (checkIn: CheckIn, body: object) =>
      call<CheckIn>('trial-period', `/trial-periods/${trial.id}/check-ins/${checkIn.id}`, {
        method: 'POST',
        body,
      });

    // 1: the three voices agree (the tutor's view told to the officer on the phone).
    const one = await record(first, {
      heldOn: today,
      worker: voices(3),
      tutor: voices(3),
      officer: voices(3),
    });
    expect(one.body).toMatchObject({ status: 'held', flagged: false });

    // 2: the tutor answers through the signed link, without an account.
    const link = await call<{ token: string }>(
      'trial-period',
      `/trial-periods/${trial.id}/check-ins/${second.id}/tutor-links`,
      { method: 'POST' },
    );
    expect(link.status).toBe(201);
    const asTutor = { method: 'POST', headers: {} };
    expect(
      (await call('trial-period', '/tutor-links/verify', { ...asTutor, body: { token: link.body.token } }))
        .status,
    ).toBe(200);
    const view = { token: link.body.token, ...voices(3, 'Bonne volonté, apprend les consignes.') };
    expect((await call('trial-period', '/tutor-links/view', { ...asTutor, body: view })).body).toEqual({
      checkInId: second.id,
      received: true,
    });
    expect((await call('trial-period', '/tutor-links/view', { ...asTutor, body: view })).body).toMatchObject({
      code: 'TUTOR_LINK_USED',
    });
    const two = await record(second, {
      heldOn: today,
      worker: voices(3),
      officer: voices(3),
      difficulties: [{ code: 'transport', note: null }],
      supportActions: [{ kind: 'transport_solution', description: 'Abonnement STIB', by: 'cpas' }],
    });
    expect(two.body.voices.map((v) => [v.voice, v.source])).toEqual([
      ['worker', 'recorded_by_officer'],
      ['tutor', 'tutor_link'],
      ['officer', 'recorded_by_officer'],
    ]);
    expect(two.body.flagged).toBe(false);

    // 3: the worker feels at ease with the tasks, the tutor sees them "not yet" mastered: flagged.
    const three = await record(third, {
      heldOn: today,
      worker: voices(4),
      tutor: voices(1),
      officer: voices(2),
    });
    expect(three.body).toMatchObject({
      flagged: true,
      disagreements: [{ item: 'task_mastery', ratings: { worker: 4, tutor: 1, officer: 2 } }],
    });
    const flagged = await call<{ items: CheckIn[] }>('trial-period', '/check-ins?flagged=true');
    expect(flagged.body.items.map((c) => c.id)).toEqual([third.id]);

    const analysis =
      'Les tâches confiées dépassaient le poste convenu; la personne a été assidue et reste motivée.';
    const ended = await call('trial-period', `/trial-periods/${trial.id}/outcome`, {
      method: 'POST',
      body: {
        outcome: 'not_conclusive',
        lastWorkedDay: today,
        reasonCode: 'tasks_not_matching_skills',
        initiatedBy: 'host',
        officerAnalysis: analysis,
      },
    });
    expect(ended).toMatchObject({ status: 200, body: { status: 'ended', officerAnalysis: analysis } });

    const coverage = await waitFor(
      async () => {
        const { body } = await call<{
          gaps: unknown[];
          reopenings: { trialPeriodId: string; effectiveFrom: string }[];
          periods: { kind: string; startDate: string; endDate: string | null }[];
        }>('income-continuity', `/persons/${candidate.id}/income-coverage`);
        return body.reopenings.length > 0 ? body : undefined;
      },
      { what: 'the income to be reopened', timeoutMs: 30000 },
    );
    expect(coverage.reopenings).toEqual([
      expect.objectContaining({ trialPeriodId: trial.id, effectiveFrom: tomorrow }),
    ]);
    expect(coverage.periods.map((p) => [p.kind, p.startDate, p.endDate])).toEqual([
      ['article60_salary', today, today],
      ['integration_income', tomorrow, null],
    ]);
    expect(coverage.gaps).toEqual([]);

    // The placement ends after TrialEnded; its PlacementEnded closes the trial record consistently.
    const closed = await waitFor(
      async () => {
        const { body } = await call<{ status: string; placementEnd: unknown }>(
          'trial-period',
          `/trial-periods/${trial.id}`,
        );
        return body.placementEnd ? body : undefined;
      },
      { what: 'the placement end on the trial' },
    );
    expect(closed).toMatchObject({
      status: 'ended',
      placementEnd: { lastWorkedDay: today, reason: 'trial_not_conclusive' },
    });
  });
});
