import {
  buildEvent,
  HostEmployerRegisteredV1,
  PlacementStartedV1,
  TOPICS,
  topicName,
  type DataInputOf,
  type EventDefinition,
} from '@relais/contracts';
import type { BaseConfig, Clock } from '@relais/service-kit';
import {
  authHeaders,
  readTopic,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
  type TestUser,
} from '@relais/testing';
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REQUIRED_ITEM_CODES } from '../src/domain/report.ts';
import { detectOverdue } from '../src/jobs/detect-overdue.ts';
import { safetyVisitsService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000f1';
const otherTenant = '0190a000-0000-7000-8000-0000000000f2';
const officerId = '0190a000-0000-7000-8000-0000000000a9';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);

// 22:30 UTC on 14 June is already 15 June in Brussels (CEST, UTC+2).
const clock: Clock = { now: () => new Date('2026-06-14T22:30:00Z'), newId: () => uuidv7() };
const TODAY = '2026-06-15';

let sv: TestService<BaseConfig>;
let producer: Producer;

interface Problem {
  status: number;
  code: string;
  errors?: { field: string }[];
}
interface Visit {
  id: string;
  kind: string;
  status: string;
  scheduledFor: string;
  dueBy: string;
  safetyOfficerId: string | null;
  overdueSince: string | null;
}
interface Safety {
  safetyStatus: string;
  statusReason: string;
  nextPeriodicDue: string | null;
  sites: { id: string }[];
}

/** A signed-in user of a CPAS (the prevention officer of the test CPAS unless told). */
const as = (roles: TestUser['roles'] = 'safety_officer', tenant = tenantId): TestUser => ({
  tenantId: tenant,
  roles,
  userId: officerId,
});
const api = async <T = Record<string, unknown>>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
  user: TestUser | null = as(),
) => {
  const headers = user ? await authHeaders(user) : {};
  const res = await sv.service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json<T>(), headers: res.headers };
};
const ok = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, user?: TestUser) => {
  const res = await api<T>(method, url, payload, user);
  if (res.status >= 300)
    throw new Error(`${method} ${url}: ${String(res.status)} ${JSON.stringify(res.body)}`);
  return res.body;
};

const publish = async <D extends EventDefinition>(
  definition: D,
  aggregateId: string,
  data: DataInputOf<D>,
  tenant = tenantId,
) => {
  const event = buildEvent(definition, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId: tenant,
    aggregateId,
    correlationId: uuidv7(),
    causationId: null,
    data,
  });
  await producer.send({
    topic: topicName(definition.topic, sv.prefix),
    messages: [{ key: aggregateId, value: JSON.stringify(event) }],
  });
};

const safetyOf = (hostId: string, tenant = tenantId) =>
  ok<Safety>('GET', `/hosts/${hostId}/safety`, undefined, as('placement_officer', tenant));

/** A host announced by placement, once safety-visits knows it. */
const knownHost = async (sector = 'care', tenant = tenantId) => {
  const hostId = uuidv7();
  const siteId = uuidv7();
  await publish(
    HostEmployerRegisteredV1,
    hostId,
    {
      hostEmployerId: hostId,
      enterpriseNumber: '0123.456.749',
      name: `Host ${hostId.slice(-6)}`,
      legalType: 'asbl',
      sector,
      sites: [{ siteId, name: 'Main', address: 'Rue Haute 1', commune: 'Bruxelles' }],
    },
    tenant,
  );
  await waitFor(() => safetyOf(hostId, tenant).catch(() => undefined), { what: 'the host to be known' });
  return { hostId, siteId };
};

const checklist = (notCompliant: string[] = []) =>
  REQUIRED_ITEM_CODES.map((code) =>
    notCompliant.includes(code)
      ? { code, result: 'not_compliant', note: 'see finding' }
      : { code, result: 'compliant' },
  );

const schedule = (host: { hostId: string; siteId: string }, kind = 'pre_approval', scheduledFor = TODAY) =>
  ok<Visit>('POST', '/prevention-visits', {
    hostEmployerId: host.hostId,
    siteId: host.siteId,
    kind,
    scheduledFor,
    safetyOfficerId: officerId,
  });

const report = (
  visitId: string,
  findings: { itemCode: string | null; severity: string; description: string }[] = [],
) =>
  ok<Visit & { findings: { id: string }[] }>('POST', `/prevention-visits/${visitId}/report`, {
    completedOn: TODAY,
    checklist: checklist(findings.flatMap((f) => (f.itemCode ? [f.itemCode] : []))),
    findings,
  });

/** A host cleared by a favourable pre-approval visit. */
const clearedHost = async (sector = 'care') => {
  const host = await knownHost(sector);
  await report((await schedule(host)).id);
  return host;
};

const eventsOf = async (type: string, hostId: string) =>
  (await readTopic(kafka, TOPICS.safetyVisits, sv.prefix))
    .map(
      (m) =>
        JSON.parse(m.value ?? '{}') as { type: string; aggregateId: string; data: Record<string, unknown> },
    )
    .filter((e) => e.type === type && e.aggregateId === hostId);

beforeAll(async () => {
  sv = await startTestService(safetyVisitsService, infra, { overrides: { clock } });
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await sv.close();
});

describe('safety-visits: hosts learnt from placement', () => {
  it('given HostEmployerRegistered, when consumed, then the host and its site are known, not assessed, with no personal data', async () => {
    const host = await knownHost();
    const safety = await safetyOf(host.hostId);
    expect(safety).toMatchObject({
      safetyStatus: 'not_assessed',
      statusReason: 'host_registered',
      sites: [{ id: host.siteId }],
    });
    expect(JSON.stringify(safety)).not.toMatch(/tutor|email|phone/);
  });

  it("given another CPAS's host, when read, then 404", async () => {
    const theirs = await knownHost('care', otherTenant);
    const res = await api<Problem>(
      'GET',
      `/hosts/${theirs.hostId}/safety`,
      undefined,
      as('placement_officer'),
    );
    expect(res).toMatchObject({ status: 404, body: { code: 'HOST_EMPLOYER_UNKNOWN' } });
  });
});

describe('safety-visits: pre-approval, findings and corrective actions', () => {
  it('given a pre-approval visit with a major finding, when its action is closed with evidence, then the host is cleared and the event says so', async () => {
    const host = await knownHost();
    const visit = await schedule(host);
    const done = await report(visit.id, [
      {
        itemCode: 'same_rules_as_own_staff',
        severity: 'major',
        description: 'no safety shoes for art. 60 workers',
      },
    ]);
    expect(done).toMatchObject({ status: 'completed', findings: [expect.anything()] });
    expect((await safetyOf(host.hostId)).statusReason).toBe('pre_approval_findings_open');

    const findingId = done.findings[0]?.id ?? '';
    const action = await ok<{ id: string }>('POST', `/findings/${findingId}/actions`, {
      description: 'Provide safety shoes',
      owner: 'utilisateur — directeur',
      deadline: '2026-06-30',
    });
    const open = await ok<{ items: { id: string }[] }>(
      'GET',
      `/corrective-actions?hostEmployerId=${host.hostId}`,
    );
    expect(open.items.map((a) => a.id)).toEqual([action.id]);

    const noEvidence = await api<Problem>('POST', `/corrective-actions/${action.id}/close`, { evidence: '' });
    expect(noEvidence).toMatchObject({ status: 400, body: { errors: [{ field: 'body.evidence' }] } });
    const closed = await ok<{ status: string; finding: { status: string } }>(
      'POST',
      `/corrective-actions/${action.id}/close`,
      {
        evidence: 'Invoice of 12 pairs seen on site',
      },
    );
    expect(closed).toMatchObject({ status: 'closed', finding: { status: 'closed' } });

    expect(await safetyOf(host.hostId)).toMatchObject({
      safetyStatus: 'cleared',
      nextPeriodicDue: '2027-06-15',
    });
    const history = await ok<{ items: { from: string; to: string; reasonCode: string }[] }>(
      'GET',
      `/hosts/${host.hostId}/safety-history`,
    );
    expect(history.items).toEqual([
      expect.objectContaining({
        from: 'not_assessed',
        to: 'cleared',
        reasonCode: 'pre_approval_visit_favourable',
      }),
    ]);
    const events = await waitFor(async () => {
      const found = await eventsOf('HostSafetyStatusChanged', host.hostId);
      return found.length > 0 ? found : undefined;
    });
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({
        safetyStatus: 'cleared',
        reasonCode: 'pre_approval_visit_favourable',
        visitId: visit.id,
        assessedOn: TODAY,
      }),
    ]);
    // The visit itself is announced once, whatever it changed (notifications ends its wait).
    const reported = await waitFor(async () => {
      const found = await eventsOf('PreventionVisitReported', host.hostId);
      return found.length > 0 ? found : undefined;
    });
    expect(reported.map((e) => e.data)).toEqual([
      expect.objectContaining({
        visitId: visit.id,
        kind: 'pre_approval',
        completedOn: TODAY,
        findings: 1,
      }),
    ]);
  });

  it('given an incomplete checklist, when reported, then 422 names the checklist and the visit stays scheduled', async () => {
    const visit = await schedule(await knownHost());
    const res = await api<Problem>('POST', `/prevention-visits/${visit.id}/report`, {
      completedOn: TODAY,
      checklist: checklist().slice(2),
      findings: [],
    });
    expect(res).toMatchObject({
      status: 422,
      body: { code: 'CHECKLIST_INCOMPLETE', errors: [{ field: 'checklist' }] },
    });
    expect((await ok<Visit>('GET', `/prevention-visits/${visit.id}`)).status).toBe('scheduled');
  });

  it('given a critical finding at a cleared host, then it is blocked; nobody signed in or a placement officer cannot report', async () => {
    const host = await clearedHost();
    const visit = await schedule(host, 'periodic');
    const anonymous = await api<Problem>(
      'POST',
      `/prevention-visits/${visit.id}/cancel`,
      { reason: 'x' },
      null,
    );
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const wrongRole = await api<Problem>(
      'POST',
      `/prevention-visits/${visit.id}/report`,
      { completedOn: TODAY, checklist: checklist(), findings: [] },
      as('placement_officer'),
    );
    expect(wrongRole).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED' } });
    await report(visit.id, [{ itemCode: null, severity: 'critical', description: 'unguarded machine' }]);
    expect(await safetyOf(host.hostId)).toMatchObject({
      safetyStatus: 'blocked',
      statusReason: 'critical_finding',
    });
  });
});

describe('safety-visits: visits calendar, rescheduling, cancelling', () => {
  it('given visits of one officer, when the calendar is paged by date range, then each visit comes once, by day', async () => {
    const host = await knownHost();
    const officer = uuidv7();
    for (const day of ['2026-07-03', '2026-07-01', '2026-07-02'])
      await ok('POST', '/prevention-visits', {
        hostEmployerId: host.hostId,
        siteId: host.siteId,
        kind: 'on_request',
        scheduledFor: day,
        safetyOfficerId: officer,
      });
    const url = `/prevention-visits?safetyOfficerId=${officer}&from=2026-07-01&to=2026-07-31&limit=2`;
    const reader = as('placement_officer');
    const first = await ok<{ items: Visit[]; nextCursor: string | null }>('GET', url, undefined, reader);
    const second = await ok<{ items: Visit[]; nextCursor: string | null }>(
      'GET',
      `${url}&cursor=${first.nextCursor ?? ''}`,
      undefined,
      reader,
    );
    expect([...first.items, ...second.items].map((v) => v.scheduledFor)).toEqual([
      '2026-07-01',
      '2026-07-02',
      '2026-07-03',
    ]);
    expect(second.nextCursor).toBeNull();
    const bad = await api<Problem>('GET', `${url}&cursor=nope`, undefined, reader);
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'querystring.cursor' }] } });
  });

  it('given a scheduled visit, when rescheduled then cancelled with reasons, then its history keeps both', async () => {
    const visit = await schedule(await knownHost(), 'on_request', '2026-07-01');
    const moved = await ok<Visit>('POST', `/prevention-visits/${visit.id}/reschedule`, {
      scheduledFor: '2026-07-08',
      reason: 'host closed that week',
    });
    expect(moved).toMatchObject({ scheduledFor: '2026-07-08', dueBy: '2026-07-08' });
    await ok('POST', `/prevention-visits/${visit.id}/cancel`, { reason: 'request withdrawn' });
    const detail = await ok<{ status: string; history: { change: string; detail: { reason?: string } }[] }>(
      'GET',
      `/prevention-visits/${visit.id}`,
    );
    expect(detail.status).toBe('cancelled');
    expect(detail.history.map((h) => [h.change, h.detail.reason])).toEqual([
      ['scheduled', undefined],
      ['rescheduled', 'host closed that week'],
      ['cancelled', 'request withdrawn'],
    ]);
  });

  it('given a body of the wrong shape, when a visit is scheduled, then 400 names each field', async () => {
    const res = await api<Problem>('POST', '/prevention-visits', {
      hostEmployerId: 'acme',
      kind: 'surprise',
      scheduledFor: '01/07/2026',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field)).toEqual([
      'body.hostEmployerId',
      'body.siteId',
      'body.kind',
      'body.scheduledFor',
      'body.safetyOfficerId',
    ]);
  });
});

describe('safety-visits: work accidents', () => {
  it('given a severe accident during a placement, then the post-accident visit is scheduled, the host blocked and referents alerted; the visit unblocks it', async () => {
    const host = await clearedHost('cleaning');
    const placementId = uuidv7();
    const personId = uuidv7();
    await publish(PlacementStartedV1, uuidv7(), {
      placementId,
      personId,
      hostEmployerId: host.hostId,
      startDate: '2026-06-01',
    });
    const body = {
      placementId,
      siteId: host.siteId,
      occurredOn: '2026-06-12',
      description: 'Fall from a ladder',
      severity: 'severe',
      daysLost: 10,
      declaredToInsurer: true,
    };
    const created = await waitFor(async () => {
      const res = await api<{ personId: string; postAccidentVisit: Visit }>(
        'POST',
        '/work-accidents',
        body,
        as('placement_officer'),
      );
      return res.status === 201 ? res.body : undefined;
    });
    // The accident names its worker by pseudonymous id only (for the audit of who saw it).
    expect(created.personId).toBe(personId);
    expect(created.postAccidentVisit).toMatchObject({
      kind: 'post_accident',
      dueBy: '2026-06-22',
      status: 'scheduled',
      safetyOfficerId: null,
    });
    expect(await safetyOf(host.hostId)).toMatchObject({
      safetyStatus: 'blocked',
      statusReason: 'severe_accident_pending_visit',
    });

    const alerts = await waitFor(async () => {
      const found = await eventsOf('HostBlockedPlacementsAlert', host.hostId);
      return found.length > 0 ? found : undefined;
    });
    expect(alerts[0]?.data).toMatchObject({
      placementIds: [placementId],
      reasonCode: 'severe_accident_pending_visit',
    });
    const reported = await waitFor(async () => (await eventsOf('WorkAccidentReported', host.hostId))[0]);
    expect(reported.data).toMatchObject({
      placementId,
      severity: 'severe',
      postAccidentVisitId: created.postAccidentVisit.id,
    });
    expect(JSON.stringify(reported.data)).not.toContain('ladder');

    const cancel = await api<Problem>('POST', `/prevention-visits/${created.postAccidentVisit.id}/cancel`, {
      reason: 'x',
    });
    expect(cancel).toMatchObject({ status: 409, body: { code: 'POST_ACCIDENT_VISIT_NOT_CANCELLABLE' } });
    await report(created.postAccidentVisit.id);
    expect(await safetyOf(host.hostId)).toMatchObject({
      safetyStatus: 'cleared',
      statusReason: 'safety_conditions_met',
    });

    const rates = await ok<{
      items: { key: string; placements: number; accidents: number; per100Placements: number }[];
    }>(
      'GET',
      '/accident-rates?groupBy=sector&from=2026-06-01&to=2026-06-30',
      undefined,
      as('placement_officer'),
    );
    expect(rates.items.find((r) => r.key === 'cleaning')).toMatchObject({
      placements: 1,
      accidents: 1,
      per100Placements: 100,
    });
  });

  it('given an unknown placement, when an accident is reported, then 422 names placementId', async () => {
    const host = await knownHost();
    const res = await api<Problem>('POST', '/work-accidents', {
      placementId: uuidv7(),
      siteId: host.siteId,
      occurredOn: TODAY,
      description: 'cut',
      severity: 'minor',
      daysLost: 0,
      declaredToInsurer: false,
    });
    expect(res).toMatchObject({
      status: 422,
      body: { code: 'PLACEMENT_UNKNOWN', errors: [{ field: 'placementId' }] },
    });
  });
});

describe('safety-visits: overdue detection', () => {
  it('given an action on a critical finding past its deadline, when two instances run the job at once, then it is flagged once and the status changes once', async () => {
    const host = await clearedHost();
    const visit = await schedule(host, 'periodic');
    const done = await report(visit.id, [
      { itemCode: null, severity: 'critical', description: 'no fire exit' },
    ]);
    await ok('POST', `/findings/${done.findings[0]?.id ?? ''}/actions`, {
      description: 'Open the exit',
      owner: 'host',
      deadline: '2026-06-20',
    });
    const later = '2026-06-25';
    const [a, b] = await Promise.all([
      detectOverdue(sv.service.context, later),
      detectOverdue(sv.service.context, later),
    ]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const overdue = await ok<{ items: { overdueSince: string }[] }>(
      'GET',
      `/corrective-actions?hostEmployerId=${host.hostId}&overdue=true`,
    );
    expect(overdue.items).toEqual([expect.objectContaining({ overdueSince: later })]);
    expect((await safetyOf(host.hostId)).statusReason).toBe('critical_action_overdue');
    expect(await detectOverdue(sv.service.context, later)).toBe(0);
  });

  it('given a cleared host whose periodic visit is due, when the job runs after the interval, then the visit is overdue', async () => {
    const host = await clearedHost();
    await detectOverdue(sv.service.context, '2027-06-16');
    expect(await safetyOf(host.hostId)).toMatchObject({
      safetyStatus: 'visit_overdue',
      statusReason: 'periodic_visit_overdue',
    });
  });

  it('given the CPAS sets a shorter interval for high-risk hosts, when a host becomes high-risk, then its next periodic visit moves', async () => {
    const host = await clearedHost();
    await sv.db.query(`INSERT INTO periodic_visit_intervals VALUES ($1, 'high', '2026-01-01', 90)`, [
      tenantId,
    ]);
    const updated = await ok<{ nextPeriodicDue: string }>('PUT', `/hosts/${host.hostId}/safety-profile`, {
      riskLevel: 'high',
      assignedSafetyOfficerId: officerId,
    });
    expect(updated.nextPeriodicDue).toBe('2026-09-13');
  });
});

describe('safety-visits: checklist templates and operations', () => {
  it('given a CPAS admin, when a new checklist version adds an item, then it is the one in force; dropping a required item is refused', async () => {
    const items = REQUIRED_ITEM_CODES.map((code) => ({ code, labelFr: code, labelNl: code }));
    const refused = await api<Problem>(
      'POST',
      '/checklist-templates',
      { effectiveFrom: '2026-01-01', items: items.slice(1) },
      as('cpas_admin', otherTenant),
    );
    expect(refused).toMatchObject({ status: 422, body: { code: 'CHECKLIST_REQUIRED_ITEM_MISSING' } });
    const created = await ok<{ version: number }>(
      'POST',
      '/checklist-templates',
      {
        effectiveFrom: '2026-01-01',
        items: [...items, { code: 'noise_levels', labelFr: 'Bruit', labelNl: 'Lawaai' }],
      },
      as('cpas_admin', otherTenant),
    );
    expect(created.version).toBe(1);
    const current = await ok<{ items: unknown[] }>(
      'GET',
      '/checklist-templates/current',
      undefined,
      as('safety_officer', otherTenant),
    );
    expect(current.items).toHaveLength(12);
    const defaults = await ok<{ tenantId: null; items: { code: string }[] }>(
      'GET',
      '/checklist-templates/current',
      undefined,
      as('safety_officer'),
    );
    expect(defaults.items.map((i) => i.code)).toContain('same_rules_as_own_staff');
  });

  it('given the service runs, when /openapi.json is asked, then it documents every route', async () => {
    const res = await api<{ paths: Record<string, unknown> }>('GET', '/openapi.json', undefined, null);
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/prevention-visits',
        '/prevention-visits/{visitId}/report',
        '/corrective-actions',
        '/hosts/{hostId}/safety-history',
        '/work-accidents',
        '/accident-rates',
        '/checklist-templates',
      ]),
    );
  });
});
