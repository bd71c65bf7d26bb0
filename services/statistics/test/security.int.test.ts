import {
  appRolePool,
  authHeaders,
  probeTenantIsolation,
  produceEvents,
  startTestService,
  tablesOutsideRowLevelSecurity,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import { itHoldsTheServiceContract } from '@relais/testing/service-contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StatisticsConfig } from '../src/config.ts';
import { access } from '../src/http/access.ts';
import { statisticsService } from '../src/service.ts';
import { hostOf, placementStory } from './events.ts';

const cpasA = '0190a000-0000-7000-8000-0000000052a1';
const cpasB = '0190a000-0000-7000-8000-0000000052b1';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let stats: TestService<StatisticsConfig>;
const hostB = hostOf(cpasB, 'Entreprise B', 'construction');
const storyB = placementStory(cpasB, hostB.hostEmployerId, 'not_conclusive', { accident: true });

describe('statistics: who may see what', () => {
  beforeAll(async () => {
    stats = await startTestService(statisticsService, infra);
    await produceEvents(testKafka(infra.kafkaBrokers), stats.prefix, [hostB.registered, ...storyB.events]);
    await waitFor(
      async () =>
        (await stats.db.query<{ n: number }>('SELECT count(*)::int AS n FROM facts')).rows[0]?.n ===
        storyB.events.length + 1,
      { timeoutMs: 60000, what: 'CPAS B’s events stored' },
    );
  }, 90000);
  afterAll(async () => {
    await stats.close();
  });

  itHoldsTheServiceContract(() => stats, access, cpasA);

  it('never lets CPAS A read or infer CPAS B’s persons, hosts or figures', async () => {
    const { leaks, probed } = await probeTenantIsolation(stats.service.app, access, {
      tenantId: cpasA,
      foreignParams: { personId: storyB.personId },
      foreignIds: [storyB.personId, hostB.hostEmployerId, storyB.placementId],
    });
    expect(probed).toBeGreaterThan(3);
    expect(leaks).toEqual([]);
  });

  it('gives the platform operator no CPAS figures and no person, and the CPAS staff no rebuild', async () => {
    const operator = await authHeaders({ tenantId: cpasB, roles: 'platform_operator' });
    const asOperator = (url: string) => stats.service.app.inject({ method: 'GET', url, headers: operator });
    expect((await asOperator('/statistics')).statusCode).toBe(403);
    expect((await asOperator('/statistics/export.csv')).statusCode).toBe(403);
    expect((await asOperator(`/persons/${storyB.personId}/case-on-date?date=2026-05-01`)).statusCode).toBe(
      403,
    );
    const safety = await authHeaders({ tenantId: cpasB, roles: 'safety_officer' });
    const personAsSafety = await stats.service.app.inject({
      method: 'GET',
      url: `/persons/${storyB.personId}/case-on-date?date=2026-05-01`,
      headers: safety,
    });
    expect(personAsSafety.statusCode).toBe(403);
    const admin = await authHeaders({ tenantId: cpasB, roles: 'cpas_admin' });
    const rebuild = await stats.service.app.inject({
      method: 'POST',
      url: '/read-model/rebuilds',
      headers: admin,
      payload: { reason: 'pas mon rôle' },
    });
    expect(rebuild.statusCode).toBe(403);
  });

  it('names no person in the figures, even for a CPAS with one placement (small counts suppressed)', async () => {
    const res = await stats.service.app.inject({
      method: 'GET',
      url: '/statistics?from=2026-01&to=2026-06',
      headers: await authHeaders({ tenantId: cpasB, roles: 'cpas_admin' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(storyB.personId);
    expect(res.body).not.toContain(storyB.placementId);
    const values = res.json<{ cells: { value: unknown }[] }>().cells.map((c) => c.value);
    expect(values).not.toContain(1);
    expect(values).toContain('suppressed');
  });

  it('holds every table with a tenant to row-level security, for the role the service works as', async () => {
    expect(await tablesOutsideRowLevelSecurity(stats.db)).toEqual([]);
    const app = appRolePool(stats);
    try {
      expect((await app.query('SELECT count(*)::int AS n FROM facts')).rows[0]).toEqual({ n: 0 });
    } finally {
      await app.end();
    }
  });
});
