import type { BaseConfig, Clock } from '@relais/service-kit';
import { startTestService, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { safetyVisitsService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000f1';
const otherTenant = '0190a000-0000-7000-8000-0000000000f2';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};

// 22:30 UTC on 14 June is already 15 June in Brussels (CEST, UTC+2): 14 June is in the past there.
const clock: Clock = { now: () => new Date('2026-06-14T22:30:00Z'), newId: () => uuidv7() };
const TODAY_IN_BRUSSELS = '2026-06-15';
const YESTERDAY_IN_BRUSSELS = '2026-06-14';

let sv: TestService<BaseConfig>;

interface VisitView {
  id: string;
  hostEmployerId: string;
  kind: string;
  scheduledFor: string;
  safetyOfficerId: string;
  status: string;
}

interface ProblemView {
  status: number;
  code: string;
  errors?: { field: string; message: string }[];
}

const visit = (overrides: Partial<Omit<VisitView, 'id' | 'status'>> = {}) => ({
  hostEmployerId: uuidv7(),
  kind: 'pre_approval',
  scheduledFor: '2026-07-01',
  safetyOfficerId: uuidv7(),
  ...overrides,
});

const schedule = (payload: object, headers: Record<string, string> = { 'x-tenant-id': tenantId }) =>
  sv.service.app.inject({ method: 'POST', url: '/prevention-visits', payload, headers });

const scheduled = async (payload: object, tenant = tenantId): Promise<VisitView> => {
  const res = await schedule(payload, { 'x-tenant-id': tenant });
  expect(res.statusCode).toBe(201);
  return res.json<VisitView>();
};

const listOfHost = async (hostEmployerId: string, tenant = tenantId): Promise<VisitView[]> => {
  const res = await sv.service.app.inject({
    url: `/prevention-visits?hostEmployerId=${hostEmployerId}`,
    headers: { 'x-tenant-id': tenant },
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: VisitView[] }>().items;
};

beforeAll(async () => {
  sv = await startTestService(safetyVisitsService, infra, { overrides: { clock } });
});
afterAll(async () => {
  await sv.close();
});

describe('safety-visits: scheduling', () => {
  it('given a future day, when a visit is scheduled, then 201 with Location and the visit can be read back', async () => {
    const body = visit();
    const res = await schedule(body);
    expect(res.statusCode).toBe(201);
    const created = res.json<VisitView>();
    expect(created).toEqual({ id: expect.any(String), ...body, status: 'scheduled' });
    expect(res.headers.location).toBe(`/prevention-visits/${created.id}`);
    const read = await sv.service.app.inject({
      url: res.headers.location,
      headers: { 'x-tenant-id': tenantId },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created);
  });

  it('given today in Brussels (still yesterday in UTC), when a visit is scheduled for it, then it is accepted', async () => {
    expect((await scheduled(visit({ scheduledFor: TODAY_IN_BRUSSELS }))).scheduledFor).toBe(
      TODAY_IN_BRUSSELS,
    );
  });

  it('given a day already past in Brussels, when a visit is scheduled for it, then 422 names scheduledFor and nothing is stored', async () => {
    const body = visit({ scheduledFor: YESTERDAY_IN_BRUSSELS });
    const res = await schedule(body);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<ProblemView>()).toMatchObject({
      status: 422,
      code: 'VISIT_DATE_IN_PAST',
      errors: [{ field: 'scheduledFor' }],
    });
    expect(await listOfHost(body.hostEmployerId)).toEqual([]);
  });

  it('given a body of the wrong shape, when it is posted, then 400 names each offending field', async () => {
    const res = await schedule({ hostEmployerId: 'acme', kind: 'surprise', scheduledFor: '01/07/2026' });
    expect(res.statusCode).toBe(400);
    expect(res.json<ProblemView>().errors?.map((e) => e.field)).toEqual([
      'body.hostEmployerId',
      'body.kind',
      'body.scheduledFor',
      'body.safetyOfficerId',
    ]);
  });
});

describe('safety-visits: reading visits', () => {
  it('given visits to two hosts, when one host is listed, then only its visits come, by date', async () => {
    const hostEmployerId = uuidv7();
    const later = await scheduled(visit({ hostEmployerId, scheduledFor: '2026-09-01', kind: 'periodic' }));
    const sooner = await scheduled(visit({ hostEmployerId, scheduledFor: '2026-07-01' }));
    await scheduled(visit({ scheduledFor: '2026-08-01' }));
    expect(await listOfHost(hostEmployerId)).toEqual([sooner, later]);
  });

  it("given another CPAS's visit, when it is read or its host listed, then 404 and an empty list", async () => {
    const theirs = await scheduled(visit(), otherTenant);
    const read = await sv.service.app.inject({
      url: `/prevention-visits/${theirs.id}`,
      headers: { 'x-tenant-id': tenantId },
    });
    expect(read.statusCode).toBe(404);
    expect(read.json()).toMatchObject({ status: 404, code: 'VISIT_NOT_FOUND' });
    expect(await listOfHost(theirs.hostEmployerId, tenantId)).toEqual([]);
    expect(await listOfHost(theirs.hostEmployerId, otherTenant)).toEqual([theirs]);
  });

  it('given no tenant header, when visits are listed, then 400 names the header', async () => {
    const res = await sv.service.app.inject({ url: `/prevention-visits?hostEmployerId=${uuidv7()}` });
    expect(res.statusCode).toBe(400);
    expect(res.json<ProblemView>().errors?.map((e) => e.field)).toEqual(['headers.x-tenant-id']);
  });
});

describe('safety-visits: operations', () => {
  it('given the service runs, when readiness is asked, then 200 with every check up', async () => {
    const res = await sv.service.app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, checks: { postgres: 'up', redis: 'up', kafka: 'up' } });
  });

  it('given the service runs, when /openapi.json is asked, then it documents the visit routes', async () => {
    const res = await sv.service.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/prevention-visits', '/prevention-visits/{visitId}']),
    );
    expect(Object.keys(doc.paths['/prevention-visits'] ?? {})).toEqual(
      expect.arrayContaining(['get', 'post']),
    );
  });
});
