import pg from 'pg';
import { belgianDay } from '@relais/service-kit';
import {
  authHeaders,
  candidateReferral,
  validNiss,
  placementFlow,
  startProcessStack,
  testKafka,
  waitFor,
  type ProcessStack,
  type ServiceProcess,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000e1';
const names = ['placement', 'safety-visits', 'trial-period', 'income-continuity'] as const;
type Name = (typeof names)[number];

const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let stack: ProcessStack<Name>;
const staffId = uuidv7();
const service = (name: Name): ServiceProcess => stack.service(name);

const call = async <T>(
  name: Name,
  path: string,
  init: { method?: string; body?: unknown; correlationId?: string } = {},
) => {
  const res = await fetch(`${service(name).url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      // The officer and the social worker of the person, as the edge would sign them in.
      ...(await authHeaders({ tenantId, roles: ['placement_officer', 'social_worker'], userId: staffId })),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.correlationId ? { 'x-correlation-id': init.correlationId } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

interface Trial {
  id: string;
  status: string;
}
interface Coverage {
  periods: { kind: string; startDate: string; endDate: string | null; status: string }[];
  gaps: unknown[];
  reopenings: {
    trialPeriodId: string;
    effectiveFrom: string;
    proposals: { kind: string; status: string }[];
  }[];
}

const today = belgianDay(new Date());
let flow: ReturnType<typeof placementFlow>;
let host: { hostId: string; siteId: string };

/**
 * Takes a person through the placement officer's flow (position, referral, shortlist, host
 * choice, proposal, committee approval) until the contract starts today, then waits until
 * trial-period has opened the trial.
 */
const placeAndOpenTrial = async () => {
  const position = await flow.openPosition(host);
  const candidate = await flow.availableCandidate();
  await flow.engage(position.id, candidate.id, today, today);
  const placement = await waitFor(
    async () => {
      const { body } = await call<{ items: { id: string; status: string }[] }>(
        'placement',
        `/placements?personId=${candidate.id}`,
      );
      return body.items.find((p) => p.status === 'started');
    },
    { what: 'the contract to start' },
  );
  const trial = await waitFor(
    async () =>
      (await call<{ items: Trial[] }>('trial-period', `/trial-periods?placementId=${placement.id}`)).body
        .items[0],
    { what: 'the trial period to open' },
  );
  return { personId: candidate.id, placementId: placement.id, trial };
};

const endTrial = (trialId: string, correlationId: string) =>
  call<Trial>('trial-period', `/trial-periods/${trialId}/outcome`, {
    method: 'POST',
    correlationId,
    body: {
      outcome: 'not_conclusive',
      lastWorkedDay: today,
      reasonCode: 'tasks_not_matching_skills',
      initiatedBy: 'host',
    },
  });

const reopenedCoverage = (personId: string) =>
  waitFor(
    async () => {
      const { body } = await call<Coverage>('income-continuity', `/persons/${personId}/income-coverage`);
      return body.reopenings.length > 0 ? body : undefined;
    },
    { what: 'the income to be reopened', timeoutMs: 30000 },
  );

beforeAll(async () => {
  // Debug level: the personal-data scan below reads everything the services can say.
  stack = await startProcessStack({ names, label: 'e2e', infra, env: { LOG_LEVEL: 'debug' } });
  flow = placementFlow({
    placementUrl: service('placement').url,
    tenantId,
    kafka: testKafka(inject('kafkaBrokers')),
    topicPrefix: stack.prefix,
  });
  await flow.ensureSkills(['cooking']);
  host = await flow.approvedHost(today);
});

afterAll(async () => {
  await stack.close();
});

const tomorrow = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);

describe('the core chain across four service processes', () => {
  it('reopens the income the day after the last worked day, continues the follow-up and asks the committee, with one correlation id throughout', async () => {
    const { personId, placementId, trial } = await placeAndOpenTrial();
    const endCorrelation = uuidv7();
    const ended = await endTrial(trial.id, endCorrelation);
    expect(ended).toMatchObject({
      status: 200,
      body: { status: 'ended', outcome: 'not_conclusive', lastWorkedDay: today },
    });

    const coverage = await reopenedCoverage(personId);
    expect(coverage.periods.map((p) => [p.kind, p.startDate, p.endDate, p.status])).toEqual([
      ['article60_salary', today, today, 'active'],
      ['integration_income', tomorrow(today), null, 'provisional'],
    ]);
    expect(coverage.gaps).toEqual([]);
    expect(coverage.reopenings).toEqual([
      expect.objectContaining({
        trialPeriodId: trial.id,
        effectiveFrom: tomorrow(today),
        proposals: [
          { kind: 'continue_isp_follow_up', status: 'awaiting_committee' },
          { kind: 'reopen_integration_income', status: 'awaiting_committee' },
          { kind: 'take_note_of_trial_end', status: 'awaiting_committee' },
        ],
      }),
    ]);
    const followUps = await call<{ items: { placementId: string; status: string }[] }>(
      'income-continuity',
      `/persons/${personId}/follow-ups`,
    );
    expect(followUps.body.items).toEqual([expect.objectContaining({ placementId, status: 'open' })]);
    await waitFor(
      async () =>
        (await call<{ status: string }>('placement', `/placements/${placementId}`)).body.status === 'ended',
      {
        what: 'the placement to end',
      },
    );
    const candidate = await call<{ status: string }>('placement', `/candidates/${personId}`);
    expect(candidate.body.status).toBe('available');

    const servicesLogging = (correlationId: string) =>
      names.filter((name) => service(name).logs.some((line) => line.correlationId === correlationId));
    const startCorrelation = service('placement').logs.find(
      (line) => line.msg === 'contract started' && line.placementId === placementId,
    )?.correlationId;
    expect(typeof startCorrelation).toBe('string');
    // Every service that handles the start logs its correlation id (safety-visits also learns of placements).
    expect(servicesLogging(startCorrelation as string)).toEqual(
      expect.arrayContaining(['income-continuity', 'placement', 'trial-period']),
    );
    expect(servicesLogging(endCorrelation)).toEqual(
      expect.arrayContaining(['income-continuity', 'placement', 'trial-period']),
    );
  });

  it('catches up after income-continuity was down when the trial ended: nothing lost, nothing done twice', async () => {
    const { personId, trial } = await placeAndOpenTrial();
    await stack.kill('income-continuity');

    expect((await endTrial(trial.id, uuidv7())).status).toBe(200);
    await stack.start('income-continuity');

    const coverage = await reopenedCoverage(personId);
    expect(coverage.reopenings).toHaveLength(1);
    expect(coverage.reopenings[0]?.effectiveFrom).toBe(tomorrow(today));
    expect(coverage.gaps).toEqual([]);
  });

  it('writes no personal data to any log: a canary person is referred, read, refused and placed, and no log line names them', async () => {
    const niss = validNiss('1987-04-12');
    const canary = candidateReferral({ niss, firstName: 'Zéphyrine', lastName: 'Canarivaara' });
    const referred = await flow.call<{ id: string }>('POST', '/candidates', canary);
    await flow.call('GET', `/candidates/${referred.id}`);
    const refused = await fetch(`${service('placement').url}/candidates`, {
      method: 'POST',
      headers: {
        ...(await authHeaders({ tenantId, roles: 'placement_officer' })),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ ...canary, niss: `${niss.slice(0, 10)}0`, unknownField: 'Zéphyrine' }),
    });
    expect(refused.status).toBe(400);
    const { trial } = await placeAndOpenTrial();
    await endTrial(trial.id, uuidv7());
    const lines = names.flatMap((name) => service(name).logs.map((line) => JSON.stringify(line)));
    expect(lines.length).toBeGreaterThan(100);
    const secrets = [niss, 'Zéphyrine', 'Canarivaara', 'Amina', 'Testperson'];
    expect(lines.filter((line) => secrets.some((secret) => line.includes(secret)))).toEqual([]);
  });

  it('stops gracefully on SIGTERM: the accepted request is kept, its event is published before the exit', async () => {
    const position = await flow.openPosition(host);
    const candidate = await flow.availableCandidate();
    const shortlist = await flow.call<{ id: string }>('POST', `/positions/${position.id}/shortlists`, {
      mode: 'single',
      candidateIds: [candidate.id],
    });
    await flow.call('POST', `/shortlists/${shortlist.id}/choice`, {
      chosenCandidateId: candidate.id,
      others: [],
    });
    const proposal = await flow.call<{ id: string }>('POST', '/engagement-proposals', {
      shortlistId: shortlist.id,
      startDate: today,
      weeklyHours: 38,
      payScale: 'E2',
    });
    expect(await stack.stop('placement')).toBe(0);
    const client = new pg.Client({ connectionString: stack.databaseUrl('placement') });
    await client.connect();
    try {
      const { rows } = await client.query<{ pending: number; proposed: number }>(
        `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS pending,
                count(*) FILTER (WHERE event_type = 'EngagementProposed' AND message_key = $1)::int AS proposed
         FROM outbox`,
        [candidate.id],
      );
      expect(rows[0]).toEqual({ pending: 0, proposed: 1 });
    } finally {
      await client.end();
    }
    expect(proposal.id).toBeTruthy();
  });
});
