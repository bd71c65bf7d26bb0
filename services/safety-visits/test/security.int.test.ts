import {
  buildEvent,
  HostEmployerRegisteredV1,
  PlacementStartedV1,
  topicName,
  type DataInputOf,
  type EventDefinition,
} from '@relais/contracts';
import { type BaseConfig, type Clock, type UserRole } from '@relais/service-kit';
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
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { itHoldsTheServiceContract } from '@relais/testing/service-contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REQUIRED_ITEM_CODES } from '../src/domain/report.ts';
import { access } from '../src/http/access.ts';
import { safetyVisitsService } from '../src/service.ts';

const cpasA = '0190a000-0000-7000-8000-00000000a002';
const cpasB = '0190a000-0000-7000-8000-00000000b002';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
const clock: Clock = { now: () => new Date('2026-06-15T08:00:00Z'), newId: () => uuidv7() };
const TODAY = '2026-06-15';

const userOf = (tenantId: string, roles: UserRole): TestUser => ({
  tenantId,
  roles,
  userId: uuidv7(),
});
const officerOfB = userOf(cpasB, 'safety_officer');
const placerOfB = userOf(cpasB, 'placement_officer');
const adminOfB = userOf(cpasB, 'cpas_admin');
const officerOfA = userOf(cpasA, 'safety_officer');

/** CPAS B's records, all made through its events and routes (the rest filled in as they are made). */
const b = {
  personId: uuidv7(),
  placementId: uuidv7(),
  hostId: uuidv7(),
  siteId: uuidv7(),
  visitId: '',
  findingId: '',
  actionId: '',
  accidentId: '',
  postAccidentVisitId: '',
  templateId: '',
};
type Records = typeof b;

let sv: TestService<BaseConfig>;
let producer: Producer;

const call = async (method: 'GET' | 'POST' | 'PUT', url: string, user: TestUser | null, payload?: object) =>
  sv.service.app.inject({
    method,
    url,
    headers: user ? await authHeaders(user) : {},
    ...(payload ? { payload } : {}),
  });
const ok = async <T = { id: string }>(
  method: 'POST' | 'PUT',
  url: string,
  user: TestUser,
  payload: object,
) => {
  const res = await call(method, url, user, payload);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${String(res.statusCode)} ${res.body}`);
  return res.json<T>();
};

const publish = async <D extends EventDefinition>(
  definition: D,
  tenantId: string,
  key: string,
  data: DataInputOf<D>,
) => {
  const event = buildEvent(definition, {
    id: uuidv7(),
    occurredAt: clock.now().toISOString(),
    tenantId,
    aggregateId: key,
    correlationId: uuidv7(),
    causationId: null,
    data,
  });
  await producer.send({
    topic: topicName(definition.topic, sv.prefix),
    messages: [{ key, value: JSON.stringify(event) }],
  });
};

/** A host placement registered, with one site, once safety-visits knows it. */
const registerHost = async (tenantId: string, hostId: string, siteId: string) => {
  await publish(HostEmployerRegisteredV1, tenantId, hostId, {
    hostEmployerId: hostId,
    enterpriseNumber: '0123.456.749',
    name: `Host ${hostId.slice(-6)}`,
    legalType: 'asbl',
    sector: 'cleaning',
    sites: [{ siteId, name: 'Main', address: 'Rue Haute 1', commune: 'Bruxelles' }],
  });
  const reader = userOf(tenantId, 'safety_officer');
  await waitFor(async () => (await call('GET', `/hosts/${hostId}/safety`, reader)).statusCode === 200, {
    what: 'the host to be known',
  });
};

const checklist = () => REQUIRED_ITEM_CODES.map((code) => ({ code, result: 'compliant' }));

describe('safety-visits: who may see and change hosts’ safety, visits and accidents', () => {
  beforeAll(async () => {
    sv = await startTestService(safetyVisitsService, infra, { overrides: { clock } });
    producer = kafka.producer();
    await producer.connect();
    // CPAS A has records of its own, so its lists are not trivially empty.
    const hostOfA = { hostId: uuidv7(), siteId: uuidv7() };
    await registerHost(cpasA, hostOfA.hostId, hostOfA.siteId);
    await ok('POST', '/prevention-visits', officerOfA, {
      hostEmployerId: hostOfA.hostId,
      siteId: hostOfA.siteId,
      kind: 'pre_approval',
      scheduledFor: TODAY,
      safetyOfficerId: officerOfA.userId,
    });

    await registerHost(cpasB, b.hostId, b.siteId);
    await publish(PlacementStartedV1, cpasB, b.placementId, {
      placementId: b.placementId,
      personId: b.personId,
      hostEmployerId: b.hostId,
      startDate: '2026-06-01',
    });
    const visit = await ok('POST', '/prevention-visits', officerOfB, {
      hostEmployerId: b.hostId,
      siteId: b.siteId,
      kind: 'pre_approval',
      scheduledFor: TODAY,
      safetyOfficerId: officerOfB.userId,
    });
    b.visitId = visit.id;
    const report = await ok<{ findings: { id: string }[] }>(
      'POST',
      `/prevention-visits/${b.visitId}/report`,
      officerOfB,
      {
        completedOn: TODAY,
        checklist: checklist(),
        findings: [{ itemCode: null, severity: 'minor', description: 'no guard rail on the loading dock' }],
      },
    );
    b.findingId = report.findings[0]?.id ?? '';
    const action = await ok('POST', `/findings/${b.findingId}/actions`, officerOfB, {
      description: 'Fit a guard rail',
      owner: 'host',
      deadline: '2026-07-15',
    });
    b.actionId = action.id;
    const accident = await waitFor(
      async () => {
        const res = await call('POST', '/work-accidents', placerOfB, {
          placementId: b.placementId,
          siteId: b.siteId,
          occurredOn: TODAY,
          description: 'Cut on the hand',
          severity: 'minor',
          daysLost: 0,
          declaredToInsurer: true,
        });
        return res.statusCode === 201
          ? res.json<{ id: string; postAccidentVisit: { id: string } }>()
          : undefined;
      },
      { what: 'the placement to be known and the accident recorded' },
    );
    b.accidentId = accident.id;
    b.postAccidentVisitId = accident.postAccidentVisit.id;
    const template = await ok('POST', '/checklist-templates', adminOfB, {
      effectiveFrom: '2026-01-01',
      items: REQUIRED_ITEM_CODES.map((code) => ({ code, labelFr: code, labelNl: code })),
    });
    b.templateId = template.id;
  });
  afterAll(async () => {
    await producer.disconnect();
    await sv.close();
  });

  itHoldsTheServiceContract(() => sv, access, cpasA);

  it('refuses a token signed by another key, an expired one, and ignores a tenant header', async () => {
    const url = `/hosts/${b.hostId}/safety`;
    const forged = await sv.service.app.inject({
      method: 'GET',
      url,
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    expect(forged.statusCode).toBe(401);
    const expired = await tokenFor(placerOfB, { ttlSeconds: -10 });
    const late = await sv.service.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(late.statusCode).toBe(401);
    const asA = await sv.service.app.inject({
      method: 'GET',
      url,
      headers: { ...(await authHeaders(userOf(cpasA, 'placement_officer'))), 'x-tenant-id': cpasB },
    });
    expect(asA.json()).toMatchObject({ status: 404, code: 'HOST_EMPLOYER_UNKNOWN' });
  });

  it('never lets CPAS A read, list, count or infer CPAS B’s hosts, visits, findings or accidents', async () => {
    const options = {
      tenantId: cpasA,
      foreignParams: { hostId: b.hostId, visitId: b.visitId },
      foreignIds: Object.values(b),
    };
    const plain = await probeTenantIsolation(sv.service.app, access, options);
    // The accident rates answer only for a period: probed again with one covering B's accident.
    const rates = await probeTenantIsolation(sv.service.app, access, {
      ...options,
      query: { groupBy: 'host', from: '2026-06-01', to: '2026-06-30' },
    });
    expect(plain.probed).toBeGreaterThan(15);
    expect([...plain.leaks, ...rates.leaks]).toEqual([]);
    const postAccident = await call('GET', `/prevention-visits/${b.postAccidentVisitId}`, officerOfA);
    expect(postAccident.json()).toMatchObject({ status: 404, code: 'VISIT_NOT_FOUND' });
  });

  it('never lets CPAS A change CPAS B’s records: each change answers as for a record nobody has', async () => {
    // Valid bodies, so each request reaches the lookup of the record it names.
    const changesOf = (ids: Records): ['POST' | 'PUT', string, UserRole, object][] => [
      [
        'POST',
        '/prevention-visits',
        'safety_officer',
        {
          hostEmployerId: ids.hostId,
          siteId: ids.siteId,
          kind: 'periodic',
          scheduledFor: TODAY,
          safetyOfficerId: officerOfA.userId,
        },
      ],
      [
        'POST',
        `/prevention-visits/${ids.visitId}/reschedule`,
        'safety_officer',
        { scheduledFor: TODAY, reason: 'x' },
      ],
      ['POST', `/prevention-visits/${ids.postAccidentVisitId}/cancel`, 'safety_officer', { reason: 'x' }],
      [
        'POST',
        `/prevention-visits/${ids.postAccidentVisitId}/report`,
        'safety_officer',
        { completedOn: TODAY, checklist: checklist(), findings: [] },
      ],
      [
        'POST',
        `/prevention-visits/${ids.visitId}/acknowledgement`,
        'safety_officer',
        { acknowledgedOn: TODAY, byFunction: 'director' },
      ],
      [
        'POST',
        `/findings/${ids.findingId}/actions`,
        'safety_officer',
        { description: 'x', owner: 'x', deadline: '2026-07-01' },
      ],
      ['POST', `/findings/${ids.findingId}/close`, 'safety_officer', { note: 'x' }],
      ['POST', `/corrective-actions/${ids.actionId}/close`, 'safety_officer', { evidence: 'x' }],
      [
        'PUT',
        `/hosts/${ids.hostId}/safety-profile`,
        'cpas_admin',
        { riskLevel: 'high', assignedSafetyOfficerId: null },
      ],
      [
        'POST',
        '/work-accidents',
        'placement_officer',
        {
          placementId: ids.placementId,
          siteId: ids.siteId,
          occurredOn: TODAY,
          description: 'x',
          severity: 'severe',
          daysLost: 1,
          declaredToInsurer: false,
        },
      ],
    ];
    const nobody = Object.fromEntries(Object.keys(b).map((key) => [key, uuidv7()])) as Records;
    const unknown = changesOf(nobody);
    const shape = (res: { statusCode: number; json: <T>() => T }) =>
      `${String(res.statusCode)} ${String(res.json<{ code?: string }>().code)}`;
    const answers: { route: string; foreign: string; none: string }[] = [];
    for (const [index, [method, url, role, body]] of changesOf(b).entries()) {
      const user = userOf(cpasA, role);
      const [, unknownUrl = '', , unknownBody] = unknown[index] ?? [];
      answers.push({
        route: `${method} ${url.replace(/[0-9a-f-]{36}/g, ':id')}`,
        foreign: shape(await call(method, url, user, body)),
        none: shape(await call(method, unknownUrl, user, unknownBody)),
      });
    }
    expect(answers.map((a) => `${a.route} → ${a.foreign}`)).toEqual(
      answers.map((a) => `${a.route} → ${a.none}`),
    );
    expect(answers.filter((a) => !/^4(04|22) /.test(a.foreign))).toEqual([]);
    const untouched = await sv.db.query<{ kind: string; n: number }>(
      `SELECT 'actions' AS kind, count(*)::int AS n FROM corrective_actions WHERE finding_id = $1
       UNION ALL SELECT 'open findings', count(*)::int FROM findings WHERE id = $1 AND status = 'open'
       UNION ALL SELECT 'scheduled visits', count(*)::int FROM prevention_visits WHERE id = $2 AND status = 'scheduled'
       UNION ALL SELECT 'accidents', count(*)::int FROM work_accidents WHERE tenant_id = $3
       UNION ALL SELECT 'standard hosts', count(*)::int FROM hosts WHERE id = $4 AND risk_level = 'standard'`,
      [b.findingId, b.postAccidentVisitId, cpasB, b.hostId],
    );
    expect(untouched.rows.map((r) => [r.kind, r.n])).toEqual([
      ['actions', 1],
      ['open findings', 1],
      ['scheduled visits', 1],
      ['accidents', 1],
      ['standard hosts', 1],
    ]);
  });

  it('holds every table with a tenant to row-level security, for the role the service works as', async () => {
    expect(await tablesOutsideRowLevelSecurity(sv.db)).toEqual([]);
    const tables = await sv.db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1`,
    );
    const tenantTables = tables.rows.map((t) => t.name);
    const app = appRolePool(sv);
    const client = await app.connect();
    try {
      const seen: Record<string, { owner: number; noTenant: number; asA: number }> = {};
      for (const table of tenantTables) {
        const t = client.escapeIdentifier(table);
        const ofB = `SELECT count(*)::int AS n FROM ${t} WHERE tenant_id = $1`;
        const owner = await sv.db.query<{ n: number }>(ofB, [cpasB]);
        // No CPAS set: no CPAS's rows (platform defaults, tenant NULL, stay readable).
        const noTenant = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${t} WHERE tenant_id IS NOT NULL`,
        );
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
        const asA = await client.query<{ n: number }>(ofB, [cpasB]);
        await client.query('ROLLBACK');
        seen[table] = {
          owner: owner.rows[0]?.n ?? 0,
          noTenant: noTenant.rows[0]?.n ?? 0,
          asA: asA.rows[0]?.n ?? 0,
        };
      }
      for (const table of [
        'hosts',
        'host_sites',
        'placements',
        'prevention_visits',
        'visit_history',
        'findings',
        'corrective_actions',
        'work_accidents',
        'host_status_history',
        'checklist_templates',
        'outbox',
        'audit_log',
      ])
        expect([table, (seen[table]?.owner ?? 0) > 0]).toEqual([table, true]);
      expect(Object.entries(seen).filter(([, n]) => n.noTenant > 0 || n.asA > 0)).toEqual([]);
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
      await expect(
        client.query(
          `INSERT INTO hosts (id, tenant_id, enterprise_number, name, legal_type, sector)
           VALUES ($1, $2, '0123.456.749', 'x', 'asbl', 'x')`,
          [uuidv7(), cpasB],
        ),
      ).rejects.toThrow(/row-level security/);
      await client.query('ROLLBACK');
      // The platform scope (scheduled jobs) reads every CPAS and changes none.
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.scope', 'platform', true)");
      expect((await client.query('SELECT 1 FROM hosts WHERE id = $1', [b.hostId])).rowCount).toBe(1);
      const updated = await client.query("UPDATE hosts SET risk_level = 'high' WHERE id = $1", [b.hostId]);
      expect(updated.rowCount).toBe(0);
      await client.query('ROLLBACK');
    } finally {
      client.release();
      await app.end();
    }
  });

  it('keeps no social data about candidates: the only person it names is an accident’s worker, by id', async () => {
    const { rows } = await sv.db.query<{ col: string }>(
      `SELECT table_name || '.' || column_name AS col FROM information_schema.columns
        WHERE table_schema = 'public'
          AND column_name ~ '(person|candidate|niss|birth|income|benefit|skill|health|phone|email|first_name|last_name|nationality)'
        ORDER BY 1`,
    );
    expect(rows.map((r) => r.col)).toEqual([
      'audit_log.person_ids',
      'placements.person_id',
      'work_accidents.person_id',
    ]);
  });

  it('audits every read and change of an accident against its worker, queryable by the CPAS administrator', async () => {
    const read = await call('GET', `/hosts/${b.hostId}/safety`, placerOfB);
    expect(read.json<{ accidents: { personId: string }[] }>().accidents.map((a) => a.personId)).toEqual([
      b.personId,
    ]);
    const admin = await authHeaders(adminOfB);
    const perPerson = await sv.service.app.inject({
      method: 'GET',
      url: `/audit-log?personId=${b.personId}`,
      headers: admin,
    });
    expect(perPerson.statusCode).toBe(200);
    const items = perPerson.json<{ items: Record<string, unknown>[] }>().items;
    expect(
      items
        .filter((i) => i.actorId === placerOfB.userId)
        .map((i) => [i.action, i.route, i.recordType, i.recordId, i.purpose]),
    ).toEqual([
      ['change', '/work-accidents', 'work_accident', null, 'isp_follow_up'],
      ['read', '/hosts/:hostId/safety', 'work_accident', b.hostId, 'isp_follow_up'],
    ]);
    const perUser = await sv.service.app.inject({
      method: 'GET',
      url: `/audit-log?actorId=${officerOfB.userId ?? ''}`,
      headers: admin,
    });
    const routes = perUser.json<{ items: { route: string }[] }>().items.map((i) => i.route);
    // The officer's changes are audited too (who scheduled, reported, opened the action).
    expect(routes).toEqual(
      expect.arrayContaining([
        '/prevention-visits',
        '/prevention-visits/:visitId/report',
        '/findings/:findingId/actions',
      ]),
    );
    const otherCpas = await sv.service.app.inject({
      method: 'GET',
      url: `/audit-log?personId=${b.personId}`,
      headers: await authHeaders(userOf(cpasA, 'cpas_admin')),
    });
    const actorsSeenByA = otherCpas.json<{ items: { actorId: string }[] }>().items.map((i) => i.actorId);
    expect(actorsSeenByA).not.toContain(placerOfB.userId);
    expect(actorsSeenByA).not.toContain(officerOfB.userId);
  });
});
