import { createServer } from 'node:net';
import pg from 'pg';
import { join } from 'node:path';
import {
  createTestDatabase,
  createTopics,
  startServiceProcess,
  uniquePrefix,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000e1';
const names = ['placement', 'safety-visits', 'trial-period', 'income-continuity'] as const;
type Name = (typeof names)[number];

const prefix = uniquePrefix('e2e');
const databases = new Map<Name, TestDatabase>();
const ports = new Map<Name, number>();
const running = new Map<Name, ServiceProcess>();

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

const start = async (name: Name) => {
  const database = databases.get(name);
  if (!database) throw new Error(`no database for ${name}`);
  running.set(
    name,
    await startServiceProcess({
      name,
      entry: join(import.meta.dirname, '..', 'services', name, 'src', 'main.ts'),
      port: ports.get(name) ?? 0,
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: inject('redisUrl'),
        KAFKA_BROKERS: inject('kafkaBrokers').join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'info',
        // The broker's minimum: a killed member's partitions move on after 6 s.
        KAFKA_SESSION_TIMEOUT_MS: '6000',
      },
    }),
  );
};

const service = (name: Name): ServiceProcess => {
  const s = running.get(name);
  if (!s) throw new Error(`${name} is not running`);
  return s;
};

const call = async <T>(
  name: Name,
  path: string,
  init: { method?: string; body?: unknown; correlationId?: string } = {},
) => {
  const res = await fetch(`${service(name).url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'x-tenant-id': tenantId,
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

/** Starts a placement over HTTP and waits until trial-period has opened its trial. */
const placeAndOpenTrial = async (personId: string, correlationId = uuidv7()) => {
  const placement = await call<{ id: string }>('placement', '/placements', {
    method: 'POST',
    correlationId,
    body: { personId, hostEmployerId: uuidv7(), startDate: '2026-03-02' },
  });
  expect(placement.status).toBe(201);
  const trial = await waitFor(
    async () =>
      (await call<{ items: Trial[] }>('trial-period', `/trial-periods?placementId=${placement.body.id}`)).body
        .items[0],
    { what: 'the trial period to open' },
  );
  return { placementId: placement.body.id, trial };
};

const endTrial = (trialId: string, correlationId: string) =>
  call<Trial>('trial-period', `/trial-periods/${trialId}/outcome`, {
    method: 'POST',
    correlationId,
    body: {
      outcome: 'not_conclusive',
      lastWorkedDay: '2026-03-20',
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
  await createTopics(inject('kafkaBrokers'), prefix);
  for (const name of names) {
    databases.set(name, await createTestDatabase(inject('postgresUrl'), `e2e_${name}`));
    ports.set(name, await freePort());
  }
  await Promise.all(names.map(start));
});

afterAll(async () => {
  await Promise.all([...running.values()].map((s) => s.stop()));
  for (const database of databases.values()) await database.drop();
});

describe('the core chain across four service processes', () => {
  it('reopens the income the day after the last worked day, continues the follow-up and asks the committee, with one correlation id throughout', async () => {
    const personId = uuidv7();
    const startCorrelation = uuidv7();
    const { placementId, trial } = await placeAndOpenTrial(personId, startCorrelation);
    const endCorrelation = uuidv7();
    const ended = await endTrial(trial.id, endCorrelation);
    expect(ended).toMatchObject({
      status: 200,
      body: { status: 'ended', outcome: 'not_conclusive', lastWorkedDay: '2026-03-20' },
    });

    const coverage = await reopenedCoverage(personId);
    expect(coverage.periods.map((p) => [p.kind, p.startDate, p.endDate, p.status])).toEqual([
      ['article60_salary', '2026-03-02', '2026-03-20', 'active'],
      ['integration_income', '2026-03-21', null, 'provisional'],
    ]);
    expect(coverage.gaps).toEqual([]);
    expect(coverage.reopenings).toEqual([
      expect.objectContaining({
        trialPeriodId: trial.id,
        effectiveFrom: '2026-03-21',
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

    const servicesLogging = (correlationId: string) =>
      names.filter((name) => service(name).logs.some((line) => line.correlationId === correlationId));
    expect(servicesLogging(startCorrelation).sort()).toEqual([
      'income-continuity',
      'placement',
      'trial-period',
    ]);
    expect(servicesLogging(endCorrelation).sort()).toEqual([
      'income-continuity',
      'placement',
      'trial-period',
    ]);
  });

  it('catches up after income-continuity was down when the trial ended: nothing lost, nothing done twice', async () => {
    const personId = uuidv7();
    const { trial } = await placeAndOpenTrial(personId);
    await service('income-continuity').kill();
    running.delete('income-continuity');

    expect((await endTrial(trial.id, uuidv7())).status).toBe(200);
    await start('income-continuity');

    const coverage = await reopenedCoverage(personId);
    expect(coverage.reopenings).toHaveLength(1);
    expect(coverage.reopenings[0]?.effectiveFrom).toBe('2026-03-21');
    expect(coverage.gaps).toEqual([]);
  });

  it('stops gracefully on SIGTERM: the accepted request is kept, its event is published before the exit', async () => {
    const personId = uuidv7();
    const placement = await call<{ id: string }>('placement', '/placements', {
      method: 'POST',
      body: { personId, hostEmployerId: uuidv7(), startDate: '2026-03-02' },
    });
    expect(placement.status).toBe(201);
    expect(await service('placement').stop()).toBe(0);
    running.delete('placement');
    const client = new pg.Client({ connectionString: databases.get('placement')?.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pending: number }>(
        'SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL',
      );
      expect(rows[0]?.pending).toBe(0);
    } finally {
      await client.end();
    }
    await waitFor(
      async () =>
        (await call<{ items: Trial[] }>('trial-period', `/trial-periods?placementId=${placement.body.id}`))
          .body.items.length === 1,
      { what: 'the trial opened from the flushed event' },
    );
  });
});
