import {
  belgianDay,
  createTokenSigner,
  generateServiceTokenKeys,
  type BaseConfig,
} from '@relais/service-kit';
import {
  authHeaders,
  candidateReferral,
  placementFlow,
  probeTenantChanges,
  probeTenantIsolation,
  startTestService,
  tablesOutsideRowLevelSecurity,
  testKafka,
  tokenFor,
  waitFor,
  type TestService,
  type TestUser,
  appRolePool,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { itHoldsTheServiceContract } from '@relais/testing/service-contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { access } from '../src/http/access.ts';
import { placementService } from '../src/service.ts';

const cpasA = '0190a000-0000-7000-8000-00000000a011';
const cpasB = '0190a000-0000-7000-8000-00000000b011';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const today = belgianDay(new Date());
const inAWeek = new Date(Date.parse(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);

let pl: TestService<BaseConfig>;
const officerOfB = uuidv7();
const workerOfB: TestUser = { tenantId: cpasB, roles: 'social_worker', userId: uuidv7() };
/** CPAS B's records, each kind the API names by id: what CPAS A must never reach. */
let ofB: Record<
  'candidateId' | 'hostId' | 'positionId' | 'shortlistId' | 'proposalId' | 'placementId',
  string
>;
/** A person referred by a social worker of B (not by the officer). */
let referredByWorker: string;

const isUser = (as: TestUser | Record<string, string>): as is TestUser => 'tenantId' in as;
type Method = 'GET' | 'POST' | 'PATCH';
/** Calls the API as a test user (a token is signed for them) or with the headers given as they are. */
const call = async (method: Method, url: string, as: TestUser | Record<string, string>, payload?: object) =>
  pl.service.app.inject({
    method,
    url,
    headers: isUser(as) ? await authHeaders(as) : as,
    ...(payload ? { payload } : {}),
  });
const refer = async (by: TestUser): Promise<string> => {
  const res = await call('POST', '/candidates', by, candidateReferral({ skills: [] }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
};

describe('placement: who may see and change candidates, hosts and placements', () => {
  beforeAll(async () => {
    pl = await startTestService(placementService, infra);
    const flow = placementFlow({
      placementUrl: pl.service.url,
      tenantId: cpasB,
      kafka: testKafka(infra.kafkaBrokers),
      topicPrefix: pl.prefix,
      officerId: officerOfB,
    });
    await flow.ensureSkills(['cooking']);
    const host = await flow.approvedHost(today);
    const position = await flow.openPosition(host);
    const candidate = await flow.availableCandidate();
    // Starting next week keeps the contract scheduled and the post open while the test probes them.
    const { shortlistId, proposalId } = await flow.engage(position.id, candidate.id, inAWeek, today);
    const placement = await waitFor(
      async () =>
        (await flow.call<{ items: { id: string }[] }>('GET', `/placements?personId=${candidate.id}`))
          .items[0],
      { what: 'the contract to be scheduled' },
    );
    ofB = {
      candidateId: candidate.id,
      hostId: host.hostId,
      positionId: position.id,
      shortlistId,
      proposalId,
      placementId: placement.id,
    };
    referredByWorker = await refer(workerOfB);
  });
  afterAll(async () => {
    await pl.close();
  });

  itHoldsTheServiceContract(() => pl, access, cpasA);

  it('refuses a token signed by another key, an unsigned or expired one, and ignores a tenant header', async () => {
    const url = `/candidates/${ofB.candidateId}`;
    const officer: TestUser = { tenantId: cpasB, roles: 'placement_officer', userId: officerOfB };
    const otherKey = await createTokenSigner((await generateServiceTokenKeys()).privateKey);
    const forged = await otherKey.sign({ userId: officerOfB, tenantId: cpasB, roles: ['placement_officer'] });
    expect((await call('GET', url, { authorization: `Bearer ${forged}` })).statusCode).toBe(401);
    const unsigned = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';
    expect((await call('GET', url, { authorization: unsigned })).statusCode).toBe(401);
    const expired = await tokenFor(officer, { ttlSeconds: -10 });
    expect((await call('GET', url, { authorization: `Bearer ${expired}` })).statusCode).toBe(401);
    expect((await call('GET', url, officer)).statusCode).toBe(200);
    const asA = await call('GET', '/candidates', {
      ...(await authHeaders({ tenantId: cpasA, roles: 'placement_officer' })),
      'x-tenant-id': cpasB,
    });
    expect(asA.json()).toEqual({ items: [], total: 0 });
  });

  it('never lets CPAS A read, list or infer CPAS B’s candidates, hosts, posts, shortlists, proposals or placements', async () => {
    const foreignIds = [...Object.values(ofB), referredByWorker];
    const everyRoute = await probeTenantIsolation(pl.service.app, access, {
      tenantId: cpasA,
      foreignParams: ofB,
      foreignIds,
    });
    expect(everyRoute.probed).toBeGreaterThan(25);
    expect(everyRoute.leaks).toEqual([]);
    // A person's placements are asked by query: probed apart, so the query reaches that route only.
    const byPerson = await probeTenantIsolation(
      pl.service.app,
      { 'GET /placements': access['GET /placements'] },
      { tenantId: cpasA, foreignParams: {}, foreignIds, query: { personId: ofB.candidateId } },
    );
    expect(byPerson.leaks).toEqual([]);
    const asA = await call('GET', `/placements?personId=${ofB.candidateId}`, {
      tenantId: cpasA,
      roles: 'placement_officer',
    });
    expect(asA.json()).toEqual({ items: [] });
  });

  it('never lets CPAS A change CPAS B’s candidates, hosts, posts, shortlists, proposals or placements', async () => {
    const { leaks, probed, reached } = await probeTenantChanges(pl.service.app, access, {
      tenantId: cpasA,
      foreignTenantId: cpasB,
      owner: pl.db,
      foreignParams: ofB,
    });
    expect(probed).toBeGreaterThanOrEqual(10);
    expect(reached).toBeGreaterThanOrEqual(5);
    expect(leaks).toEqual([]);
  });

  it('lets a social worker follow only the people they referred; the committee reads proposals, not files', async () => {
    const colleague: TestUser = { tenantId: cpasB, roles: 'social_worker', userId: uuidv7() };
    expect((await call('GET', `/candidates/${referredByWorker}`, workerOfB)).statusCode).toBe(200);
    for (const url of [`/candidates/${referredByWorker}`, `/candidates/${referredByWorker}/history`]) {
      const res = await call('GET', url, colleague);
      expect(res.json()).toMatchObject({ status: 403, code: 'CANDIDATE_NOT_REFERRED_BY_CALLER' });
    }
    const move = await call('POST', `/candidates/${ofB.candidateId}/transitions`, colleague, {
      to: 'exited',
      reason: 'moved',
    });
    expect(move.json()).toMatchObject({ status: 403, code: 'CANDIDATE_NOT_REFERRED_BY_CALLER' });
    const ids = async (user: TestUser) =>
      (await call('GET', '/candidates', user)).json<{ items: { id: string }[] }>().items.map((c) => c.id);
    expect(await ids(workerOfB)).toEqual([referredByWorker]);
    expect(await ids(colleague)).toEqual([]);

    const member: TestUser = { tenantId: cpasB, roles: 'committee_member' };
    expect((await call('GET', `/candidates/${ofB.candidateId}`, member)).statusCode).toBe(403);
    expect((await call('GET', `/engagement-proposals/${ofB.proposalId}`, member)).statusCode).toBe(200);
    expect((await call('GET', `/hosts/${ofB.hostId}`, member)).statusCode).toBe(200);
    const safety: TestUser = { tenantId: cpasB, roles: 'safety_officer' };
    expect((await call('GET', `/positions/${ofB.positionId}`, safety)).statusCode).toBe(200);
    expect((await call('GET', `/placements?personId=${ofB.candidateId}`, safety)).statusCode).toBe(403);
    const admin: TestUser = { tenantId: cpasB, roles: 'cpas_admin' };
    expect((await call('GET', '/skills', admin)).statusCode).toBe(200);
    expect((await call('GET', '/hosts', admin)).statusCode).toBe(403);
  });

  it('holds every table with a tenant to row-level security, for the role the service works as', async () => {
    expect(await tablesOutsideRowLevelSecurity(pl.db)).toEqual([]);
    const app = appRolePool(pl);
    try {
      const noTenant = await app.query('SELECT count(*)::int AS n FROM candidates');
      expect(noTenant.rows[0]).toEqual({ n: 0 });
      const client = await app.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
        const asA = await client.query('SELECT count(*)::int AS n FROM candidates WHERE id = $1', [
          ofB.candidateId,
        ]);
        expect(asA.rows[0]).toEqual({ n: 0 });
        const update = await client.query("UPDATE host_employers SET name = 'taken over' WHERE id = $1", [
          ofB.hostId,
        ]);
        expect(update.rowCount).toBe(0);
        await expect(
          client.query(
            `INSERT INTO skills (tenant_id, code, label_fr, label_nl) VALUES ($1, 'x_b', 'x', 'x')`,
            [cpasB],
          ),
        ).rejects.toThrow(/row-level security/);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    } finally {
      await app.end();
    }
    const owner = await pl.db.query('SELECT count(*)::int AS n FROM candidates WHERE tenant_id = $1', [
      cpasB,
    ]);
    expect(owner.rows[0]).toEqual({ n: 2 });
  });

  it('audits every read and change of a candidate, queryable per person and per user by the CPAS administrator', async () => {
    const worker: TestUser = { tenantId: cpasB, roles: 'social_worker', userId: uuidv7() };
    const person = await refer(worker);
    expect((await call('GET', `/candidates/${person}`, worker)).statusCode).toBe(200);
    const paused = await call('POST', `/candidates/${person}/transitions`, worker, {
      to: 'paused',
      reason: 'personal',
    });
    expect(paused.statusCode, paused.body).toBe(200);
    const admin = await authHeaders({ tenantId: cpasB, roles: 'cpas_admin' });
    const perPerson = await call('GET', `/audit-log?personId=${person}`, admin);
    expect(perPerson.statusCode).toBe(200);
    const entries = perPerson.json<{ items: Record<string, unknown>[] }>().items;
    expect(entries.map((i) => [i.action, i.route, i.recordType, i.actorId, i.purpose])).toEqual([
      ['change', '/candidates', 'candidate', worker.userId, 'social_integration_right'],
      ['read', '/candidates/:candidateId', 'candidate', worker.userId, 'social_integration_right'],
      [
        'change',
        '/candidates/:candidateId/transitions',
        'candidate',
        worker.userId,
        'social_integration_right',
      ],
    ]);
    // One row per request, each committed with its change: the referral names the candidate it
    // creates (noted in its transaction, no event names them).
    const perUser = await call('GET', `/audit-log?actorId=${worker.userId ?? ''}`, admin);
    const byWorker = perUser.json<{ items: Record<string, unknown>[] }>().items;
    expect(byWorker.map((i) => [i.route, i.personIds, i.status])).toEqual([
      ['/candidates', [person], 201],
      ['/candidates/:candidateId', [person], 200],
      ['/candidates/:candidateId/transitions', [person], 200],
    ]);

    // A list names every person it shows: the committee's read of the proposals is in the candidate's log.
    const member: TestUser = { tenantId: cpasB, roles: 'committee_secretary', userId: uuidv7() };
    expect((await call('GET', '/engagement-proposals', member)).statusCode).toBe(200);
    const ofCandidate = await call('GET', `/audit-log?personId=${ofB.candidateId}`, admin);
    expect(
      ofCandidate
        .json<{ items: Record<string, unknown>[] }>()
        .items.filter((i) => i.actorId === member.userId),
    ).toEqual([
      expect.objectContaining({
        action: 'read',
        route: '/engagement-proposals',
        actingRole: 'committee_secretary',
        purpose: 'committee_decision',
        personIds: [ofB.candidateId],
      }),
    ]);

    const otherCpas = await call('GET', `/audit-log?personId=${person}`, {
      tenantId: cpasA,
      roles: 'cpas_admin',
    });
    expect(otherCpas.json<{ items: { actorId: string }[] }>().items.map((i) => i.actorId)).not.toContain(
      worker.userId,
    );
  });
});
