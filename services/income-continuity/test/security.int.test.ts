import { type BaseConfig } from '@relais/service-kit';
import {
  authHeaders,
  probeTenantChanges,
  probeTenantIsolation,
  startTestService,
  tablesOutsideRowLevelSecurity,
  type TestService,
  appRolePool,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { itHoldsTheServiceContract } from '@relais/testing/service-contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { access } from '../src/http/access.ts';
import { incomeContinuityService } from '../src/service.ts';

const cpasA = '0190a000-0000-7000-8000-00000000a001';
const cpasB = '0190a000-0000-7000-8000-00000000b001';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let ic: TestService<BaseConfig>;
const personOfB = uuidv7();
const checkOfB = uuidv7();
const workerOfB = { tenantId: cpasB, roles: 'social_worker' as const, userId: uuidv7() };

const call = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
  ic.service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('income-continuity: who may see and change a person’s income', () => {
  beforeAll(async () => {
    ic = await startTestService(incomeContinuityService, infra);
    const registered = await call(
      'POST',
      `/persons/${personOfB}/integration-income`,
      await authHeaders(workerOfB),
      { startDate: '2026-01-05', category: 'single' },
    );
    expect(registered.statusCode).toBe(201);
    // An outcome check of B's person, as an ended placement plans it (the end event is not this spec's subject).
    await ic.db.query(
      `INSERT INTO outcome_checks (id, tenant_id, person_id, placement_id, months_after_end, last_worked_day, end_reason, due_on, status, source_event_id)
       VALUES ($1, $2, $3, $4, 3, '2025-01-10', 'completed', '2025-04-10', 'due', $4)`,
      [checkOfB, cpasB, personOfB, uuidv7()],
    );
  });
  afterAll(async () => {
    await ic.close();
  });

  itHoldsTheServiceContract(() => ic, access, cpasA);

  it('refuses a token signed by another key, an expired one, and ignores a tenant header', async () => {
    const url = `/persons/${personOfB}/income-coverage`;
    const forged = await call('GET', url, { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    expect(forged.statusCode).toBe(401);
    const { tokenFor } = await import('@relais/testing');
    const expired = await tokenFor(workerOfB, { ttlSeconds: -10 });
    expect((await call('GET', url, { authorization: `Bearer ${expired}` })).statusCode).toBe(401);
    const asA = await call('GET', url, {
      ...(await authHeaders({ tenantId: cpasA, roles: 'social_worker' })),
      'x-tenant-id': cpasB,
    });
    expect(asA.json<{ periods: unknown[] }>().periods).toEqual([]);
  });

  it('never lets CPAS A read, list or infer CPAS B’s persons', async () => {
    const { leaks, probed } = await probeTenantIsolation(ic.service.app, access, {
      tenantId: cpasA,
      foreignParams: { personId: personOfB, checkId: checkOfB },
      foreignIds: [personOfB, checkOfB],
    });
    expect(probed).toBeGreaterThan(5);
    expect(leaks).toEqual([]);
  });

  it('never lets CPAS A change CPAS B’s persons: each change answers as for a person nobody has, and B’s rows stay as they were', async () => {
    // As a third CPAS: a change that A may make about any person id (a new RI file) lands in the
    // caller's CPAS, and the row-level security check below counts on A having none.
    const { leaks, probed, reached } = await probeTenantChanges(ic.service.app, access, {
      tenantId: '0190a000-0000-7000-8000-00000000c001',
      foreignTenantId: cpasB,
      owner: ic.db,
      foreignParams: { personId: personOfB, aidRequestId: uuidv7(), checkId: checkOfB },
    });
    expect(probed).toBeGreaterThan(3);
    expect(reached).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });

  it('holds every table with a tenant to row-level security, for the role the service works as', async () => {
    expect(await tablesOutsideRowLevelSecurity(ic.db)).toEqual([]);
    const app = appRolePool(ic);
    try {
      const noTenant = await app.query('SELECT count(*)::int AS n FROM coverage_periods');
      expect(noTenant.rows[0]).toEqual({ n: 0 });
      const client = await app.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
        const asA = await client.query('SELECT count(*)::int AS n FROM coverage_periods');
        expect(asA.rows[0]).toEqual({ n: 0 });
        await expect(
          client.query(
            `INSERT INTO audit_log (id, tenant_id, actor_id, acting_role, action, method, route, record_type, purpose, status, correlation_id)
             VALUES ($1, $2, $1, 'social_worker', 'read', 'GET', '/x', 'x', 'x', 200, $1)`,
            [uuidv7(), cpasB],
          ),
        ).rejects.toThrow(/row-level security/);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    } finally {
      await app.end();
    }
    const owner = await ic.db.query('SELECT count(*)::int AS n FROM coverage_periods WHERE tenant_id = $1', [
      cpasB,
    ]);
    expect(owner.rows[0]).toEqual({ n: 1 });
  });

  it('audits every read and change of a person, queryable per person and per user by the CPAS administrator', async () => {
    const read = await call('GET', `/persons/${personOfB}/timeline`, await authHeaders(workerOfB));
    expect(read.statusCode).toBe(200);
    const admin = await authHeaders({ tenantId: cpasB, roles: 'cpas_admin' });
    const perPerson = await call('GET', `/audit-log?personId=${personOfB}`, admin);
    expect(perPerson.statusCode).toBe(200);
    const items = perPerson.json<{ items: Record<string, unknown>[] }>().items;
    expect(items.map((i) => [i.action, i.route, i.actorId, i.purpose])).toEqual([
      ['change', '/persons/:personId/integration-income', workerOfB.userId, 'social_integration_right'],
      ['read', '/persons/:personId/timeline', workerOfB.userId, 'social_integration_right'],
    ]);
    const perUser = await call('GET', `/audit-log?actorId=${workerOfB.userId}`, admin);
    expect(perUser.json<{ items: unknown[] }>().items).toHaveLength(2);
    const otherCpas = await call(
      'GET',
      `/audit-log?personId=${personOfB}`,
      await authHeaders({ tenantId: cpasA, roles: 'cpas_admin' }),
    );
    // CPAS A's log holds only what A's own staff asked (the isolation probe above), none of B's.
    const actorsSeenByA = otherCpas.json<{ items: { actorId: string }[] }>().items.map((i) => i.actorId);
    expect(actorsSeenByA).not.toContain(workerOfB.userId);
    // Reading the audit log about a person is itself an access to that person's data.
    const again = await call('GET', `/audit-log?personId=${personOfB}`, admin);
    expect(again.json<{ items: { route: string }[] }>().items.map((i) => i.route)).toContain('/audit-log');
    const noFilter = await call('GET', '/audit-log', admin);
    expect(noFilter.json()).toMatchObject({ status: 422, code: 'AUDIT_FILTER_REQUIRED' });
  });
});
