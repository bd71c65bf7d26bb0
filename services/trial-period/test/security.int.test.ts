import { buildEvent, PlacementStartedV1, topicName } from '@relais/contracts';
import { SYSTEM_ACTOR_ID, type Clock } from '@relais/service-kit';
import {
  authHeaders,
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
import type { TrialPeriodConfig } from '../src/config.ts';
import { access } from '../src/http/access.ts';
import { trialPeriodService } from '../src/service.ts';
import { signTutorLink } from '../src/tutor-link/token.ts';

const cpasA = '0190a000-0000-7000-8000-00000000a003';
const cpasB = '0190a000-0000-7000-8000-00000000b003';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
const NOW = new Date('2026-03-24T09:00:00Z');
const clock: Clock = { now: () => NOW, newId: () => uuidv7() };

const user = (tenantId: string, roles: TestUser['roles']): TestUser => ({
  tenantId,
  roles,
  userId: uuidv7(),
});
const officerA = user(cpasA, 'placement_officer');
const officerB = user(cpasB, 'placement_officer');
const workerB = user(cpasB, 'social_worker');
const committeeB = user(cpasB, 'committee_member');
const adminB = user(cpasB, 'cpas_admin');
const personOfB = uuidv7();

let tp: TestService<TrialPeriodConfig>;
/** CPAS B's records: a running trial (a held, flagged check-in and one with a tutor link) and an ended one. */
const b = { running: '', ended: '', held: '', linked: '', later: '', linkId: '', token: '', settings: '' };
let trialOfA = '';

const call = async (method: 'GET' | 'POST', url: string, caller: TestUser | null, payload?: object) =>
  tp.service.app.inject({
    method,
    url,
    headers: caller ? await authHeaders(caller) : {},
    ...(payload ? { payload } : {}),
  });

/** Starts a placement of `tenantId` through the placement topic, as the placement service does, and waits for its trial. */
const openTrial = async (tenantId: string, personId: string, officer: TestUser): Promise<string> => {
  const placementId = uuidv7();
  const event = buildEvent(PlacementStartedV1, {
    id: uuidv7(),
    occurredAt: NOW.toISOString(),
    tenantId,
    aggregateId: placementId,
    correlationId: uuidv7(),
    causationId: null,
    data: { placementId, personId, hostEmployerId: uuidv7(), startDate: '2026-03-16' },
  });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: topicName(PlacementStartedV1.topic, tp.prefix),
    messages: [{ key: personId, value: JSON.stringify(event) }],
  });
  await producer.disconnect();
  return waitFor(
    async () =>
      (await call('GET', `/trial-periods?placementId=${placementId}`, officer)).json<{
        items: { id: string }[];
      }>().items[0]?.id,
    { what: 'the trial to open' },
  );
};

const checkInIds = async (trialId: string, officer: TestUser) =>
  (await call('GET', `/trial-periods/${trialId}/check-ins`, officer))
    .json<{ items: { id: string }[] }>()
    .items.map((c) => c.id);

const heldCheckIn = {
  heldOn: '2026-03-20',
  worker: { ratings: { task_mastery: 4 }, comment: 'Je m’y retrouve.' },
  officer: { ratings: { task_mastery: 2 }, comment: null },
};
const ending = {
  outcome: 'not_conclusive',
  lastWorkedDay: '2026-03-20',
  reasonCode: 'tasks_not_matching_skills',
  initiatedBy: 'host',
};

const seedCpasB = async () => {
  b.running = await openTrial(cpasB, personOfB, officerB);
  b.ended = await openTrial(cpasB, personOfB, officerB);
  [b.held = '', b.linked = '', b.later = ''] = await checkInIds(b.running, officerB);
  const held = await call('POST', `/trial-periods/${b.running}/check-ins/${b.held}`, officerB, heldCheckIn);
  expect(held.json()).toMatchObject({ flagged: true });
  const link = await call('POST', `/trial-periods/${b.running}/check-ins/${b.linked}/tutor-links`, officerB);
  ({ linkId: b.linkId, token: b.token } = link.json<{ linkId: string; token: string }>());
  expect((await call('POST', `/trial-periods/${b.ended}/outcome`, officerB, ending)).statusCode).toBe(200);
  const settings = await call('POST', '/trial-settings', adminB, {
    effectiveFrom: '2099-01-01',
    lengthDays: 20,
    checkInOffsetsDays: [3],
    overdueGraceDays: 1,
  });
  b.settings = settings.json<{ id: string }>().id;
};

/** What CPAS B's rows look like as the owner sees them: compared before and after A's attempts. */
const stateOfB = async () =>
  (
    await tp.db.query(
      `SELECT (SELECT json_agg(t ORDER BY id) FROM trial_periods t WHERE tenant_id = $1) AS trials,
              (SELECT json_agg(c ORDER BY id) FROM check_ins c WHERE tenant_id = $1) AS check_ins,
              (SELECT count(*)::int FROM check_in_voices WHERE tenant_id = $1) AS voices,
              (SELECT json_agg(l ORDER BY id) FROM tutor_links l WHERE tenant_id = $1) AS links,
              (SELECT count(*)::int FROM trial_outcome_records WHERE tenant_id = $1) AS outcomes,
              (SELECT count(*)::int FROM outbox WHERE tenant_id = $1) AS events`,
      [cpasB],
    )
  ).rows[0] as unknown;

describe('trial-period: who may see and change a trial', () => {
  beforeAll(async () => {
    tp = await startTestService(trialPeriodService, infra, {
      overrides: { clock },
      env: { JOBS_INTERVAL_MS: '86400000' },
    });
    await seedCpasB();
    trialOfA = await openTrial(cpasA, uuidv7(), officerA);
  });
  afterAll(async () => {
    await tp.close();
  });

  itHoldsTheServiceContract(() => tp, access, cpasA);

  it('refuses a token signed by another key, an expired one, and a tutor link as a token; ignores a tenant header', async () => {
    const url = `/trial-periods/${b.running}`;
    const forged = await tp.service.app.inject({
      url,
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    expect(forged.statusCode).toBe(401);
    const expired = await tokenFor(officerB, { ttlSeconds: -10 });
    expect(
      (await tp.service.app.inject({ url, headers: { authorization: `Bearer ${expired}` } })).statusCode,
    ).toBe(401);
    const linkAsToken = await tp.service.app.inject({ url, headers: { authorization: `Bearer ${b.token}` } });
    expect(linkAsToken.statusCode).toBe(401);
    const asA = await tp.service.app.inject({
      url,
      headers: { ...(await authHeaders(officerA)), 'x-tenant-id': cpasB },
    });
    expect(asA.json()).toMatchObject({ status: 404, code: 'TRIAL_NOT_FOUND' });
  });

  it('never lets CPAS A read, list or infer CPAS B’s trials, check-ins, outcomes or settings', async () => {
    const records = [b.running, b.ended, b.held, b.linked, b.later, b.settings];
    // Asked by B's person id, A's own audit log rightly names that id (A's staff typed it): the
    // records of B must still appear nowhere.
    const probes: { query: Record<string, string>; foreignIds: string[] }[] = [
      { query: { flagged: 'true' }, foreignIds: [...records, personOfB] },
      { query: { personId: personOfB }, foreignIds: records },
    ];
    let probed = 0;
    for (const trialPeriodId of [b.running, b.ended]) {
      for (const { query, foreignIds } of probes) {
        const result = await probeTenantIsolation(tp.service.app, access, {
          tenantId: cpasA,
          foreignParams: { trialPeriodId },
          foreignIds,
          query,
        });
        expect(result.leaks).toEqual([]);
        probed += result.probed;
      }
    }
    expect(probed).toBeGreaterThan(20);
  });

  it('never lets CPAS A change CPAS B’s trials, even by pairing its own trial with B’s check-in', async () => {
    const before = await stateOfB();
    const attempts = [
      [`/trial-periods/${b.running}/outcome`, { outcome: 'conclusive' }, 'TRIAL_NOT_FOUND'],
      [
        `/trial-periods/${b.ended}/outcome-corrections`,
        {
          ...ending,
          lastWorkedDay: '2026-03-19',
          officerAnalysis: null,
          correctionReason: 'data_entry_error',
          explanation: 'x',
        },
        'TRIAL_NOT_FOUND',
      ],
      [`/trial-periods/${b.running}/check-ins/${b.later}`, heldCheckIn, 'CHECK_IN_NOT_FOUND'],
      [`/trial-periods/${trialOfA}/check-ins/${b.later}`, heldCheckIn, 'CHECK_IN_NOT_FOUND'],
      [`/trial-periods/${b.running}/check-ins/${b.later}/tutor-links`, undefined, 'CHECK_IN_NOT_FOUND'],
      [`/trial-periods/${trialOfA}/check-ins/${b.later}/tutor-links`, undefined, 'CHECK_IN_NOT_FOUND'],
    ] as const;
    for (const [url, payload, code] of attempts) {
      const answer = await call('POST', url, officerA, payload);
      expect({ url, ...answer.json<object>() }).toMatchObject({ url, status: 404, code });
    }
    expect(await stateOfB()).toEqual(before);
  });

  it('lets a tutor link of CPAS B open its one check-in only: no other record, no other CPAS, once', async () => {
    const verify = (token: string) =>
      tp.service.app.inject({ method: 'POST', url: '/tutor-links/verify', payload: { token } });
    const verified = await verify(b.token);
    expect(verified.json()).toMatchObject({ checkInId: b.linked, sequence: 2 });
    // The tutor’s form needs dates, not the person: neither the person’s id nor the trial’s.
    for (const id of [personOfB, b.running]) expect(verified.body).not.toContain(id);

    // Claims moved to CPAS A break the signature; a validly signed link naming A finds nothing in A.
    const [version, payload = '', signature] = b.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const moved = Buffer.from(JSON.stringify({ ...claims, t: cpasA })).toString('base64url');
    expect((await verify(`${version ?? ''}.${moved}.${signature ?? ''}`)).json()).toMatchObject({
      code: 'TUTOR_LINK_INVALID',
    });
    const expiresAt = new Date(NOW.getTime() + 3_600_000);
    const inA = signTutorLink(tp.service.context.config.TUTOR_LINK_SECRET, {
      linkId: b.linkId,
      tenantId: cpasA,
      expiresAt,
    });
    expect((await verify(inA)).json()).toMatchObject({ status: 404, code: 'TUTOR_LINK_INVALID' });

    // A check-in id in the body cannot redirect the view: it is refused, and the link alone names the check-in.
    const view = { token: b.token, ratings: { punctuality: 3 }, comment: null };
    const redirected = await tp.service.app.inject({
      method: 'POST',
      url: '/tutor-links/view',
      payload: { ...view, checkInId: b.later },
    });
    expect(redirected.json()).toMatchObject({ status: 400, errors: [{ field: 'body' }] });
    const given = await tp.service.app.inject({ method: 'POST', url: '/tutor-links/view', payload: view });
    expect(given.json()).toEqual({ checkInId: b.linked, received: true });
    const again = await tp.service.app.inject({ method: 'POST', url: '/tutor-links/view', payload: view });
    expect(again.json()).toMatchObject({ status: 409, code: 'TUTOR_LINK_USED' });
    const voices = await tp.db.query(
      `SELECT v.check_in_id AS "checkInId", l.issued_by AS "issuedBy" FROM check_in_voices v
         JOIN tutor_links l ON l.id = v.tutor_link_id WHERE v.source = 'tutor_link'`,
    );
    // Traceable without an account: the voice names its link, the link the officer who issued it.
    expect(voices.rows).toEqual([{ checkInId: b.linked, issuedBy: officerB.userId }]);
  });

  it('holds every table with a tenant to row-level security, for the role the service works as', async () => {
    expect(await tablesOutsideRowLevelSecurity(tp.db)).toEqual([]);
    const { rows: tables } = await tp.db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'check_in_voices',
        'check_ins',
        'trial_outcome_records',
        'trial_periods',
        'trial_settings',
        'tutor_links',
      ]),
    );
    const app = appRolePool(tp);
    const client = await app.connect();
    try {
      for (const { name } of tables) {
        const count = `SELECT count(*)::int AS n FROM ${client.escapeIdentifier(name)} WHERE tenant_id = $1`;
        const owner = (await tp.db.query<{ n: number }>(count, [cpasB])).rows[0]?.n ?? 0;
        expect({ name, seenByOwner: owner > 0 }).toEqual({ name, seenByOwner: true });
        expect({ name, ...(await client.query(count, [cpasB])).rows[0] }).toEqual({ name, n: 0 });
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
        expect({ name, ...(await client.query(count, [cpasB])).rows[0] }).toEqual({ name, n: 0 });
        await client.query('ROLLBACK');
      }
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
      await expect(
        client
          .query('UPDATE tutor_links SET revoked_at = now() WHERE id = $1 RETURNING id', [b.linkId])
          .then((r) => r.rowCount),
      ).resolves.toBe(0);
      await expect(
        client.query(
          `INSERT INTO trial_settings (id, tenant_id, effective_from, length_days, check_in_offsets_days, overdue_grace_days)
           VALUES ($1, $2, '2099-01-01', 10, '{1}', 1)`,
          [uuidv7(), cpasB],
        ),
      ).rejects.toThrow(/row-level security/);
      await client.query('ROLLBACK');
      // The platform defaults (no tenant) are readable by everyone and writable by no CPAS.
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
      const defaults = await client.query(
        'UPDATE trial_settings SET length_days = 10 WHERE tenant_id IS NULL',
      );
      expect(defaults.rowCount).toBe(0);
      await client.query('ROLLBACK');
    } finally {
      client.release();
      await app.end();
    }
  });

  it('audits every read and change of a person’s trial, queryable per person and per user by the CPAS administrator', async () => {
    expect((await call('GET', `/trial-periods/${b.ended}`, workerB)).statusCode).toBe(200);
    expect((await call('GET', `/trial-periods?personId=${personOfB}`, workerB)).statusCode).toBe(200);
    expect((await call('GET', `/trial-periods/${b.ended}/outcomes`, committeeB)).statusCode).toBe(200);
    expect((await call('GET', '/check-ins?flagged=true', officerB)).statusCode).toBe(200);
    const admin = user(cpasB, 'cpas_admin');
    const perPerson = await call('GET', `/audit-log?personId=${personOfB}&limit=500`, admin);
    const items = perPerson.json<{ items: Record<string, unknown>[] }>().items;
    const row = (i: Record<string, unknown>) => [i.action, i.route, i.recordType, i.actorId, i.purpose];
    // The officer's own reads while setting up (finding the trials) are there too, in between.
    const byOfficer = [officerB.userId, 'isp_follow_up'];
    // The two trials were opened by PlacementStarted: the platform's own changes, audited as such.
    const bySystem = items.filter((i) => i.actingRole === 'system').map(row);
    expect(bySystem).toEqual([
      ['change', 'PlacementStarted v1', 'PlacementStarted', SYSTEM_ACTOR_ID, 'automated_processing'],
      ['change', 'PlacementStarted v1', 'PlacementStarted', SYSTEM_ACTOR_ID, 'automated_processing'],
    ]);
    expect(items.filter((i) => i.action === 'change' && i.actingRole !== 'system').map(row)).toEqual([
      ['change', '/trial-periods/:trialPeriodId/check-ins/:checkInId', 'check_in', ...byOfficer],
      [
        'change',
        '/trial-periods/:trialPeriodId/check-ins/:checkInId/tutor-links',
        'tutor_link',
        ...byOfficer,
      ],
      ['change', '/trial-periods/:trialPeriodId/outcome', 'trial_period', ...byOfficer],
    ]);
    expect(items.slice(-4).map(row)).toEqual([
      ['read', '/trial-periods/:trialPeriodId', 'trial_period', workerB.userId, 'social_integration_right'],
      ['read', '/trial-periods', 'trial_period', workerB.userId, 'social_integration_right'],
      [
        'read',
        '/trial-periods/:trialPeriodId/outcomes',
        'trial_outcome',
        committeeB.userId,
        'committee_decision',
      ],
      ['read', '/check-ins', 'check_in', ...byOfficer],
    ]);
    expect(items.find((i) => i.route === '/trial-periods/:trialPeriodId/outcome')).toMatchObject({
      recordId: b.ended,
      personIds: [personOfB],
    });
    // The outcome's row was committed with the outcome, in its transaction (the person from its
    // TrialEnded event): no outcome without its audit row, whatever happens after. One row only.
    const { rows: together } = await tp.db.query<{ sameTransaction: boolean; rows: number }>(
      `SELECT bool_and(a.xmin = r.xmin) AS "sameTransaction", count(*)::int AS rows
         FROM audit_log a JOIN trial_outcome_records r ON r.trial_period_id = a.record_id::uuid AND r.kind = 'decision'
        WHERE a.route = '/trial-periods/:trialPeriodId/outcome' AND a.record_id = $1`,
      [b.ended],
    );
    expect(together).toEqual([{ sameTransaction: true, rows: 1 }]);
    const perUser = await call('GET', `/audit-log?actorId=${workerB.userId}`, admin);
    expect(perUser.json<{ items: unknown[] }>().items).toHaveLength(2);
    // Settings are no one's data: changed and audited, but naming no person.
    const settingsChange = await call('GET', `/audit-log?actorId=${adminB.userId}`, admin);
    expect(settingsChange.json<{ items: unknown[] }>().items).toMatchObject([
      { action: 'change', route: '/trial-settings', personIds: [] },
    ]);
    // CPAS A's log holds only what A's own staff asked (the probes above), none of B's staff.
    const seenByA = await call('GET', `/audit-log?personId=${personOfB}`, user(cpasA, 'cpas_admin'));
    const actorsSeenByA = seenByA.json<{ items: { actorId: string }[] }>().items.map((i) => i.actorId);
    for (const staff of [officerB, workerB, committeeB, adminB])
      expect(actorsSeenByA).not.toContain(staff.userId);
  });
});
