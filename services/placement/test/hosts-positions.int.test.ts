import {
  buildEvent,
  CommitteeDecisionRecordedV1,
  HostSafetyStatusChangedV1,
  TOPICS,
  topicName,
  type DataInputOf,
  type DataOf,
  type Envelope,
  type EventDefinition,
  type EventOf,
} from '@relais/contracts';
import { belgianDay, type BaseConfig, type UserRole } from '@relais/service-kit';
import {
  authHeaders,
  readTopic,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expireStalePositions } from '../src/jobs/expire-positions.ts';
import { placementService } from '../src/service.ts';

const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
const officerId = '0190a000-0000-7000-8000-0000000000a1';

let pl: TestService<BaseConfig>;
let producer: Producer;

interface HostView {
  id: string;
  enterpriseNumber: string;
  name: string;
  sector: string;
  partnerStatus: string;
  safetyStatus: string;
  safetyAssessedOn: string | null;
  sites: { id: string; name: string }[];
  partnerHistory?: { from: string | null; to: string; reason: string; sourceEventId: string | null }[];
}
interface PositionView {
  id: string;
  status: string;
  openedOn: string;
  expiresOn: string;
  hostEmployerId: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ProblemView {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

const actor = (tenantId: string, role: UserRole = 'placement_officer') =>
  authHeaders({ tenantId, roles: role, userId: officerId });

/** A fresh enterprise number that passes mod 97 (first digit 0). */
const enterpriseNumber = (): string => {
  const base = Math.floor(Math.random() * 9_999_999) + 1;
  const check = 97 - (base % 97);
  return `0${String(base).padStart(7, '0')}${String(check).padStart(2, '0')}`;
};

const hostBody = (overrides: Record<string, unknown> = {}) => ({
  enterpriseNumber: enterpriseNumber(),
  name: 'ASBL Les Jardins de Forest',
  legalType: 'asbl',
  sector: 'green_spaces',
  tutor: { name: 'Mme Tutrice', email: 'tutrice@example.be' },
  sites: [{ name: 'Serre', address: 'Chaussée de Neerstalle 3', commune: 'Forest', lat: 50.81, lon: 4.32 }],
  ...overrides,
});

const postJson = async (url: string, tenantId: string, payload: object, role?: UserRole) =>
  pl.service.app.inject({ method: 'POST', url, headers: await actor(tenantId, role), payload });
const getJson = async (url: string, tenantId: string) =>
  pl.service.app.inject({ url, headers: await actor(tenantId) });

const registerHost = async (tenantId: string, overrides: Record<string, unknown> = {}): Promise<HostView> => {
  const res = await postJson('/hosts', tenantId, hostBody(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<HostView>();
};
const readHost = async (tenantId: string, id: string) =>
  (await getJson(`/hosts/${id}`, tenantId)).json<HostView>();

const envelope = <D extends EventDefinition>(
  definition: D,
  tenantId: string,
  aggregateId: string,
  data: DataInputOf<D>,
) =>
  buildEvent(definition, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId,
    correlationId: uuidv7(),
    causationId: null,
    data,
  });

const consumed = (eventId: string) =>
  waitFor(
    async () => (await pl.db.query('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).rowCount === 1,
    { what: `event ${eventId} to be consumed` },
  );

/** Puts events on a topic as their producers' relays do (keyed by the host), and waits for each to be consumed. */
const deliver = async (topic: typeof TOPICS.safetyVisits, events: readonly Envelope[], key: string) => {
  await producer.send({
    topic: topicName(topic, pl.prefix),
    messages: events.map((e) => ({ key, value: JSON.stringify(e) })),
  });
  for (const e of events) await consumed(e.id);
};

const safetyChanged = (
  tenantId: string,
  hostEmployerId: string,
  safetyStatus: DataOf<typeof HostSafetyStatusChangedV1>['safetyStatus'],
  assessedOn = '2026-03-10',
): EventOf<typeof HostSafetyStatusChangedV1> =>
  envelope(HostSafetyStatusChangedV1, tenantId, hostEmployerId, {
    hostEmployerId,
    safetyStatus,
    reasonCode: safetyStatus === 'blocked' ? 'critical_finding' : 'pre_approval_visit_favourable',
    visitId: uuidv7(),
    assessedOn,
  });

const committeeDecided = (
  tenantId: string,
  hostEmployerId: string,
  outcome: 'approved' | 'refused',
): EventOf<typeof CommitteeDecisionRecordedV1> =>
  envelope(CommitteeDecisionRecordedV1, tenantId, uuidv7(), {
    decisionId: uuidv7(),
    subject: { kind: 'host_partner_approval', id: hostEmployerId },
    outcome,
    reasonCode: outcome === 'refused' ? 'unsafe_equipment' : null,
    decidedOn: '2026-03-12',
    effectiveOn: null,
    amendments: null,
  });

const approvalRequests = async (hostId: string) =>
  (await readTopic(kafka, TOPICS.placement, pl.prefix)).filter((m) => {
    const e = JSON.parse(m.value ?? '{}') as Envelope;
    return e.type === 'HostPartnerApprovalRequested' && e.aggregateId === hostId;
  });

/** A host brought through its safety visit and committee approval. */
const approvedHost = async (tenantId: string): Promise<HostView> => {
  const host = await registerHost(tenantId);
  await deliver(TOPICS.safetyVisits, [safetyChanged(tenantId, host.id, 'cleared')], host.id);
  await deliver(TOPICS.committee, [committeeDecided(tenantId, host.id, 'approved')], host.id);
  return readHost(tenantId, host.id);
};

const defineSkills = async (tenantId: string, ...codes: string[]) => {
  for (const code of codes) {
    const res = await postJson('/skills', tenantId, { code, labelFr: `fr ${code}`, labelNl: `nl ${code}` });
    expect(res.statusCode, res.body).toBe(201);
  }
};

const positionBody = (host: HostView, overrides: Record<string, unknown> = {}) => ({
  hostEmployerId: host.id,
  siteId: host.sites[0]?.id,
  title: 'Ouvrier·ère jardinier·ère',
  tasks: 'Entretien des parterres et des serres',
  requiredSkills: ['gardening'],
  desiredSkills: [],
  minLanguages: [{ code: 'fr', level: 'A2' }],
  schedule: { days: ['mon', 'tue', 'wed', 'thu'], from: '08:00', to: '15:30' },
  physicalDemands: ['outdoor_work'],
  drivingLicenceRequired: false,
  criminalRecordAcceptable: true,
  openings: 1,
  ...overrides,
});

const openPosition = async (tenantId: string, host: HostView, overrides: Record<string, unknown> = {}) => {
  const res = await postJson('/positions', tenantId, positionBody(host, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<PositionView>();
};

beforeAll(async () => {
  // The service's own expiry round runs at start and then hourly: it never races the test's runs.
  pl = await startTestService(placementService, infra, { env: { JOBS_INTERVAL_MS: '3600000' } });
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await pl.close();
});

describe('host employers: registration', () => {
  it('given a valid enterprise number, when a host is registered, then 201 pending its safety visit, with sites and history', async () => {
    const tenantId = uuidv7();
    const body = hostBody({ enterpriseNumber: 'BE 0123 456 749' });
    const res = await postJson('/hosts', tenantId, body);
    expect(res.statusCode, res.body).toBe(201);
    const host = res.json<HostView>();
    expect(res.headers.location).toBe(`/hosts/${host.id}`);
    expect(host).toMatchObject({
      enterpriseNumber: '0123.456.749',
      partnerStatus: 'pending_safety_visit',
      safetyStatus: 'not_assessed',
      safetyAssessedOn: null,
      tutor: { name: 'Mme Tutrice', email: 'tutrice@example.be', phone: null },
      sites: [{ id: expect.any(String), name: 'Serre', commune: 'Forest' }],
    });
    expect((await readHost(tenantId, host.id)).partnerHistory).toEqual([
      {
        from: null,
        to: 'pending_safety_visit',
        reason: 'registered',
        sourceEventId: null,
        actorId: officerId,
        actorRole: 'placement_officer',
        at: expect.any(String),
      },
    ]);
  });

  it.each([
    ['a checksum typo', '0123.456.748', 'ENTERPRISE_NUMBER_INVALID'],
    ['too few digits', '0123.456', 'ENTERPRISE_NUMBER_INVALID'],
  ])('given %s, when a host is registered, then 422 names enterpriseNumber', async (_what, number, code) => {
    const res = await postJson('/hosts', uuidv7(), hostBody({ enterpriseNumber: number }));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<ProblemView>()).toMatchObject({ code, errors: [{ field: 'enterpriseNumber' }] });
  });

  it('given a registered enterprise number, when it is registered again in the same CPAS, then 409; another CPAS may register it', async () => {
    const tenantId = uuidv7();
    const number = enterpriseNumber();
    await registerHost(tenantId, { enterpriseNumber: number });
    const again = await postJson('/hosts', tenantId, hostBody({ enterpriseNumber: `BE${number}` }));
    expect(again.statusCode).toBe(409);
    expect(again.json<ProblemView>()).toMatchObject({
      code: 'HOST_ALREADY_REGISTERED',
      errors: [{ field: 'enterpriseNumber' }],
    });
    expect((await postJson('/hosts', uuidv7(), hostBody({ enterpriseNumber: number }))).statusCode).toBe(201);
  });

  it('given no site or a committee member, when a host is registered, then 400 names sites, or 403 refuses the role', async () => {
    const noSite = await postJson('/hosts', uuidv7(), hostBody({ sites: [] }));
    expect(noSite.statusCode).toBe(400);
    expect(noSite.json<ProblemView>().errors?.map((e) => e.field)).toEqual(['body.sites']);
    const role = await postJson('/hosts', uuidv7(), hostBody(), 'committee_member');
    expect(role.statusCode).toBe(403);
    expect(role.json<ProblemView>().code).toBe('ROLE_NOT_ALLOWED');
  });

  it('given a host, when a site is added, then it is listed with the others; another CPAS cannot see the host', async () => {
    const tenantId = uuidv7();
    const host = await registerHost(tenantId);
    const res = await postJson(`/hosts/${host.id}/sites`, tenantId, {
      name: 'Annexe',
      address: 'Rue du Bempt 7',
      commune: 'Forest',
      lat: 50.8,
      lon: 4.31,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(
      res
        .json<HostView>()
        .sites.map((s) => s.name)
        .sort(),
    ).toEqual(['Annexe', 'Serre']);
    expect((await getJson(`/hosts/${host.id}`, uuidv7())).json<ProblemView>()).toMatchObject({
      status: 404,
      code: 'HOST_NOT_FOUND',
    });
  });
});

describe('host employers: safety gates the partnership', () => {
  it('given a host pending its visit, when safety clears it, then it awaits the committee and HostPartnerApprovalRequested is published, once', async () => {
    const tenantId = uuidv7();
    const host = await registerHost(tenantId);
    const cleared = safetyChanged(tenantId, host.id, 'cleared_with_conditions');
    const reEmitted = { ...cleared, id: uuidv7() };
    await deliver(TOPICS.safetyVisits, [cleared, cleared, reEmitted], host.id);

    const after = await readHost(tenantId, host.id);
    expect(after).toMatchObject({
      partnerStatus: 'awaiting_committee',
      safetyStatus: 'cleared_with_conditions',
      safetyAssessedOn: '2026-03-10',
    });
    expect(after.partnerHistory?.at(-1)).toMatchObject({
      from: 'pending_safety_visit',
      to: 'awaiting_committee',
      reason: 'pre_approval_visit_favourable',
      sourceEventId: cleared.id,
    });
    expect(after.partnerHistory).toHaveLength(2);

    const [message, ...others] = await waitFor(async () => {
      const found = await approvalRequests(host.id);
      return found.length > 0 ? found : undefined;
    });
    expect(others).toEqual([]);
    expect(message?.key).toBe(host.id);
    expect(JSON.parse(message?.value ?? '{}')).toMatchObject({
      type: 'HostPartnerApprovalRequested',
      version: 1,
      tenantId,
      aggregateId: host.id,
      correlationId: cleared.correlationId,
      causationId: cleared.id,
      data: {
        hostEmployerId: host.id,
        enterpriseNumber: host.enterpriseNumber,
        requestedOn: belgianDay(new Date()),
      },
    });
  });

  it('given a host unknown to placement, when its safety status changes, then the event is consumed and ignored', async () => {
    const tenantId = uuidv7();
    const event = safetyChanged(tenantId, uuidv7(), 'cleared');
    await deliver(TOPICS.safetyVisits, [event], event.data.hostEmployerId);
    expect(
      pl.logs.some(
        (l) => l.msg === 'safety status of a host unknown to placement: ignored' && l.eventId === event.id,
      ),
    ).toBe(true);
  });

  it('given a host awaiting the committee, when the committee refuses it, then the partnership ends with the reason', async () => {
    const tenantId = uuidv7();
    const host = await registerHost(tenantId);
    await deliver(TOPICS.safetyVisits, [safetyChanged(tenantId, host.id, 'cleared')], host.id);
    const refusal = committeeDecided(tenantId, host.id, 'refused');
    await deliver(TOPICS.committee, [refusal], host.id);
    const after = await readHost(tenantId, host.id);
    expect(after.partnerStatus).toBe('ended');
    expect(after.partnerHistory?.at(-1)).toMatchObject({
      to: 'ended',
      reason: 'unsafe_equipment',
      sourceEventId: refusal.id,
    });
  });
});

describe('positions: only at approved partners that safety allows', () => {
  it('given a host before approval, when a position is opened, then 409; after approval, 201 expiring after the configured days', async () => {
    const tenantId = uuidv7();
    await defineSkills(tenantId, 'gardening');
    const host = await registerHost(tenantId);
    const early = await postJson('/positions', tenantId, positionBody(host));
    expect(early.statusCode).toBe(409);
    expect(early.json<ProblemView>()).toMatchObject({
      code: 'HOST_NOT_CLEARED_FOR_PLACEMENTS',
      errors: [{ field: 'hostEmployerId' }],
    });

    await deliver(TOPICS.safetyVisits, [safetyChanged(tenantId, host.id, 'cleared')], host.id);
    expect((await postJson('/positions', tenantId, positionBody(host))).statusCode).toBe(409);
    const approval = committeeDecided(tenantId, host.id, 'approved');
    await deliver(TOPICS.committee, [approval, approval], host.id);
    expect((await readHost(tenantId, host.id)).partnerStatus).toBe('approved');

    const position = await openPosition(tenantId, host, {
      fillDeadline: '2099-01-31',
      wishedStart: '2099-01-05',
    });
    const today = belgianDay(new Date());
    expect(position).toMatchObject({ status: 'open', openedOn: today, hostEmployerId: host.id });
    const days = (Date.parse(position.expiresOn) - Date.parse(today)) / 86_400_000;
    expect(days).toBe(90);
    expect((await getJson(`/positions/${position.id}`, tenantId)).json()).toEqual(position);
  });

  it('given an approved partner, when safety suspends new placements, then positions are refused until safety clears it again', async () => {
    const tenantId = uuidv7();
    await defineSkills(tenantId, 'gardening');
    const host = await approvedHost(tenantId);
    await deliver(TOPICS.safetyVisits, [safetyChanged(tenantId, host.id, 'blocked', '2026-04-01')], host.id);
    expect((await readHost(tenantId, host.id)).partnerStatus).toBe('suspended');
    const refused = await postJson('/positions', tenantId, positionBody(host));
    expect(refused.json<ProblemView>()).toMatchObject({
      status: 409,
      code: 'HOST_NOT_CLEARED_FOR_PLACEMENTS',
    });

    await deliver(TOPICS.safetyVisits, [safetyChanged(tenantId, host.id, 'cleared', '2026-04-15')], host.id);
    expect((await readHost(tenantId, host.id)).partnerStatus).toBe('approved');
    await openPosition(tenantId, host);
  });

  it('given an approved partner, when an officer suspends, reinstates then ends it, then each change is kept with its reason', async () => {
    const tenantId = uuidv7();
    const host = await approvedHost(tenantId);
    for (const [action, status] of [
      ['suspend', 'suspended'],
      ['reinstate', 'approved'],
      ['end', 'ended'],
    ] as const) {
      const res = await postJson(`/hosts/${host.id}/${action}`, tenantId, { reason: `motif ${action}` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<HostView>().partnerStatus).toBe(status);
    }
    const history = (await readHost(tenantId, host.id)).partnerHistory ?? [];
    expect(history.map((h) => h.to)).toEqual([
      'pending_safety_visit',
      'awaiting_committee',
      'approved',
      'suspended',
      'approved',
      'ended',
    ]);
    expect(history.at(-1)).toMatchObject({
      reason: 'motif end',
      actorId: officerId,
      actorRole: 'placement_officer',
    });
    const again = await postJson(`/hosts/${host.id}/end`, tenantId, { reason: 'encore' });
    expect(again.json<ProblemView>()).toMatchObject({ status: 409, code: 'PARTNER_TRANSITION_NOT_ALLOWED' });
  });

  it("given skills outside the vocabulary or another host's site, when a position is opened, then 422 names the field", async () => {
    const tenantId = uuidv7();
    await defineSkills(tenantId, 'gardening');
    const host = await approvedHost(tenantId);
    const other = await registerHost(tenantId);
    const unknown = await postJson(
      '/positions',
      tenantId,
      positionBody(host, { desiredSkills: ['gardening', 'welding'] }),
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<ProblemView>()).toMatchObject({
      code: 'SKILL_UNKNOWN',
      detail: expect.stringContaining('welding'),
      errors: [{ field: 'desiredSkills.1' }],
    });
    const site = await postJson('/positions', tenantId, positionBody(host, { siteId: other.sites[0]?.id }));
    expect(site.json<ProblemView>()).toMatchObject({
      status: 422,
      code: 'SITE_NOT_OF_HOST',
      errors: [{ field: 'siteId' }],
    });
  });

  it('given an open position, when the officer closes it, then it is closed and closing again is refused', async () => {
    const tenantId = uuidv7();
    await defineSkills(tenantId, 'gardening');
    const position = await openPosition(tenantId, await approvedHost(tenantId));
    const closed = await postJson(`/positions/${position.id}/close`, tenantId, { reason: 'host_withdrew' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json<PositionView>().status).toBe('closed');
    const again = await postJson(`/positions/${position.id}/close`, tenantId, { reason: 'host_withdrew' });
    expect(again.json<ProblemView>()).toMatchObject({ status: 409, code: 'POSITION_NOT_OPEN' });
  });
});

describe('skills vocabulary', () => {
  it('given a CPAS, when skills are added, then they are listed by code; a duplicate is 409 and a bad code 400', async () => {
    const tenantId = uuidv7();
    await defineSkills(tenantId, 'welding', 'cleaning');
    const list = await getJson('/skills', tenantId);
    expect(list.json()).toEqual({
      items: [
        { code: 'cleaning', labelFr: 'fr cleaning', labelNl: 'nl cleaning' },
        { code: 'welding', labelFr: 'fr welding', labelNl: 'nl welding' },
      ],
    });
    const duplicate = await postJson('/skills', tenantId, {
      code: 'welding',
      labelFr: 'Soudure',
      labelNl: 'Lassen',
    });
    expect(duplicate.json<ProblemView>()).toMatchObject({
      status: 409,
      code: 'SKILL_ALREADY_DEFINED',
      errors: [{ field: 'code' }],
    });
    const bad = await postJson('/skills', tenantId, {
      code: 'Soudure!',
      labelFr: 'Soudure',
      labelNl: 'Lassen',
    });
    expect(bad.json<ProblemView>().errors?.map((e) => e.field)).toEqual(['body.code']);
    expect((await getJson('/skills', uuidv7())).json()).toEqual({ items: [] });
  });
});

describe('lists: pagination and filters', () => {
  it('given five hosts, when listed two at a time, then the cursor walks them by name with no overlap', async () => {
    const tenantId = uuidv7();
    for (const name of ['Epsilon', 'Alpha', 'Delta', 'Charlie', 'Bravo'])
      await registerHost(tenantId, { name });
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/hosts?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page<HostView> = (await getJson(url, tenantId)).json<Page<HostView>>();
      names.push(...page.items.map((h) => h.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(names).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Epsilon']);
    expect(pages).toBe(3);
    const offset = (await getJson('/hosts?limit=2&offset=3', tenantId)).json<Page<HostView>>();
    expect(offset.items.map((h) => h.name)).toEqual(['Delta', 'Epsilon']);
    expect(offset.nextCursor).toBeNull();
  });

  it('given hosts in several states and sectors, when filtered, then only the matching ones come back', async () => {
    const tenantId = uuidv7();
    await approvedHost(tenantId);
    await registerHost(tenantId, {
      name: 'Commune de Forest',
      sector: 'public_space',
      legalType: 'municipality',
    });
    await registerHost(tenantId, { name: 'Resto du 100%_cœur', sector: 'catering' });
    const names = async (query: string) =>
      (await getJson(`/hosts?${query}`, tenantId)).json<Page<HostView>>().items.map((h) => h.name);
    expect(await names('partnerStatus=approved')).toEqual(['ASBL Les Jardins de Forest']);
    expect(await names('sector=public_space')).toEqual(['Commune de Forest']);
    expect(await names('q=forest')).toEqual(['ASBL Les Jardins de Forest', 'Commune de Forest']);
    expect(await names(`q=${encodeURIComponent('100%_')}`)).toEqual(['Resto du 100%_cœur']);
  });

  it.each([
    ['/hosts?limit=0', 'querystring.limit'],
    ['/hosts?limit=201', 'querystring.limit'],
    ['/hosts?partnerStatus=maybe', 'querystring.partnerStatus'],
    ['/hosts?cursor=not-a-cursor', 'querystring.cursor'],
    ['/positions?fillDeadlineBefore=2026-02-30', 'querystring.fillDeadlineBefore'],
    ['/positions?expiringWithinDays=-1', 'querystring.expiringWithinDays'],
    ['/positions?hostEmployerId=42', 'querystring.hostEmployerId'],
  ])('given %s, when listed, then 400 problem names %s', async (url, field) => {
    const res = await getJson(url, uuidv7());
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<ProblemView>()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json<ProblemView>().errors?.map((e) => e.field)).toContain(field);
  });

  it('given positions of two hosts with deadlines and expiry days, when filtered, then status, host, deadline and notice of expiry select them', async () => {
    const tenantId = uuidv7();
    await defineSkills(tenantId, 'gardening');
    const first = await approvedHost(tenantId);
    const second = await approvedHost(tenantId);
    const soon = await openPosition(tenantId, first, { fillDeadline: '2099-01-10' });
    const later = await openPosition(tenantId, first, { fillDeadline: '2099-06-10' });
    const elsewhere = await openPosition(tenantId, second);
    const closed = await openPosition(tenantId, second);
    await postJson(`/positions/${closed.id}/close`, tenantId, { reason: 'host_withdrew' });
    const inFiveDays = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await pl.db.query('UPDATE positions SET expires_on = $2 WHERE id = ANY($1::uuid[])', [
      [soon.id, closed.id],
      inFiveDays,
    ]);
    const ids = async (query: string) =>
      (await getJson(`/positions?${query}`, tenantId)).json<Page<PositionView>>().items.map((p) => p.id);
    expect(await ids('status=open')).toEqual([soon.id, ...[later.id, elsewhere.id].sort()]);
    expect(await ids(`hostEmployerId=${second.id}`)).toEqual([closed.id, elsewhere.id]);
    expect(await ids('fillDeadlineBefore=2099-02-01')).toEqual([soon.id]);
    expect(await ids('expiringWithinDays=7')).toEqual([soon.id]);
    expect(await ids('expiringWithinDays=7&status=closed')).toEqual([]);
    const firstPage = (await getJson('/positions?limit=1', tenantId)).json<Page<PositionView>>();
    expect(firstPage.items.map((p) => p.id)).toEqual([soon.id]);
    const next = (await getJson(`/positions?limit=10&cursor=${firstPage.nextCursor ?? ''}`, tenantId)).json<
      Page<PositionView>
    >();
    expect(next.items).toHaveLength(3);
  });
});

describe('stale positions expire', () => {
  it('given a position past its expiry day, when two expiry runs race, then it expires exactly once', async () => {
    const tenantId = uuidv7();
    await defineSkills(tenantId, 'gardening');
    const host = await approvedHost(tenantId);
    const stale = await openPosition(tenantId, host);
    const fresh = await openPosition(tenantId, host);
    await pl.db.query(`UPDATE positions SET expires_on = '2026-01-01' WHERE id = $1`, [stale.id]);
    // Idle connections first, so both runs start together instead of one waiting for the pool.
    const { pool, platformPool } = pl.service.context;
    await Promise.all([pool, pool, platformPool, platformPool].map((p) => p.query('SELECT pg_sleep(0.02)')));
    const today = belgianDay(new Date());
    const counts = await Promise.all([
      expireStalePositions(pl.service.context, today),
      expireStalePositions(pl.service.context, today),
    ]);
    expect(counts[0] + counts[1]).toBe(1);
    expect((await getJson(`/positions/${stale.id}`, tenantId)).json<PositionView>().status).toBe('expired');
    expect((await getJson(`/positions/${fresh.id}`, tenantId)).json<PositionView>().status).toBe('open');
    expect(await expireStalePositions(pl.service.context, today)).toBe(0);
    const line = pl.logs.find((l) => l.msg === 'stale positions expired' && l.tenantId === tenantId);
    expect(line).toMatchObject({ expired: 1, today });
  });
});

describe('operations', () => {
  it('given the service runs, when its API is documented, then every host, position and skill route is there', async () => {
    const paths = Object.keys(
      (await pl.service.app.inject({ url: '/openapi.json' })).json<{ paths: object }>().paths,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/hosts',
        '/hosts/{hostId}',
        '/hosts/{hostId}/sites',
        '/hosts/{hostId}/suspend',
        '/hosts/{hostId}/reinstate',
        '/hosts/{hostId}/end',
        '/positions',
        '/positions/{positionId}',
        '/positions/{positionId}/close',
        '/skills',
      ]),
    );
  });
});
