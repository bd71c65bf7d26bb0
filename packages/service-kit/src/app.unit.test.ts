import { captureLogs } from '@relais/testing';
import { Registry } from 'prom-client';
import { validate as isUuid, version as uuidVersion, v4 as uuidv4 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createServiceApp, type ServiceApp } from './app.ts';
import { DomainError } from './errors.ts';
import { createLogger } from './logger.ts';

interface ProblemView {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  correlationId: string;
  errors?: { field: string; message: string }[];
}

const SECRET = 'password=hunter2 at db-7.internal';
const logs = captureLogs();
let app: ServiceApp;

beforeAll(async () => {
  app = await createServiceApp({
    name: 'example',
    version: '0.0.1',
    description: 'a service for tests',
    logger: createLogger({ name: 'example', level: 'info', destination: logs.stream }),
    registry: new Registry(),
    readiness: [],
    access: {
      matrix: Object.fromEntries(
        [
          'GET /things/:id',
          'POST /things',
          'PUT /things/:id',
          'GET /boom',
          'GET /ok',
          'GET /bad-response',
          'POST /echo',
        ].map((key) => [key, { public: true, reason: 'error-handling test' }]),
      ),
      authenticate: () => Promise.resolve(null),
    },
  });
  app.get('/things/:id', () =>
    Promise.reject(new DomainError('THING_NOT_FOUND', 'not_found', 'no thing 42')),
  );
  app.post('/things', () =>
    Promise.reject(new DomainError('THING_TAKEN', 'conflict', 'thing 42 is taken', 'thingId')),
  );
  app.put('/things/:id', () =>
    Promise.reject(new DomainError('DAY_IN_PAST', 'invalid', '2020-01-01 is past', 'day')),
  );
  app.get('/boom', () => Promise.reject(new Error(`could not connect: ${SECRET}`)));
  app.get('/ok', () => ({ ok: true }));
  app.get(
    '/bad-response',
    { schema: { response: { 200: z.object({ count: z.number() }) } } },
    () => ({ count: SECRET }) as unknown as { count: number },
  );
  app.post(
    '/echo',
    {
      schema: { headers: z.object({ 'x-thing-id': z.uuid() }), body: z.object({ count: z.number().int() }) },
    },
    (request) => request.body,
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('problem details', () => {
  it.each([
    ['GET', '/things/42', 404, 'Not Found', 'THING_NOT_FOUND', 'no thing 42', undefined],
    ['POST', '/things', 409, 'Conflict', 'THING_TAKEN', 'thing 42 is taken', 'thingId'],
    ['PUT', '/things/42', 422, 'Unprocessable Content', 'DAY_IN_PAST', '2020-01-01 is past', 'day'],
  ] as const)(
    'given a DomainError, when %s %s refuses, then %i problem+json with every RFC 9457 field',
    async (method, url, status, title, code, detail, field) => {
      const correlationId = uuidv4();
      const res = await app.inject({
        method,
        url: `${url}?trace=1`,
        headers: { 'x-correlation-id': correlationId },
      });
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toEqual({
        type: `urn:relais:problem:${code.toLowerCase().replaceAll('_', '-')}`,
        title,
        status,
        detail,
        instance: url,
        code,
        correlationId,
        ...(field ? { errors: [{ field, message: detail }] } : {}),
      });
    },
  );

  it('given a plain Error, when a route throws it, then 500 with a masked detail, and the log keeps it with the correlation id', async () => {
    const correlationId = uuidv4();
    const res = await app.inject({ url: '/boom', headers: { 'x-correlation-id': correlationId } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      type: 'urn:relais:problem:internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred.',
      instance: '/boom',
      code: 'INTERNAL_ERROR',
      correlationId,
    });
    expect(res.body).not.toContain('hunter2');
    const logged = logs.lines.find((l) => l.msg === 'request failed' && l.correlationId === correlationId);
    expect(logged).toMatchObject({ level: 50, err: { message: `could not connect: ${SECRET}` } });
  });

  it('given a response that breaks its own schema, when it is sent, then 500 masked', async () => {
    const res = await app.inject({ url: '/bad-response' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred.' });
    expect(res.body).not.toContain('hunter2');
  });

  it('given an unknown route, when it is called, then 404 problem naming the route without its query string', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/nowhere?niss=85073003328' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 404,
      title: 'Not Found',
      code: 'ROUTE_NOT_FOUND',
      detail: 'No route DELETE /nowhere',
      instance: '/nowhere',
    });
    expect(res.body).not.toContain('85073003328');
  });

  it('given a body that is not JSON, when it is posted as JSON, then 400 problem', async () => {
    const tenant = { 'x-tenant-id': uuidv4(), 'content-type': 'application/json' };
    const res = await app.inject({ method: 'POST', url: '/echo', headers: tenant, payload: '{"count": 4' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json<ProblemView>();
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request', instance: '/echo' });
    expect(problem.code).toBe('MALFORMED_REQUEST');
    expect(isUuid(problem.correlationId)).toBe(true);
  });

  it('given a body over the limit, when posted, then 413 problem with our own code', async () => {
    const tenant = { 'x-tenant-id': uuidv4(), 'content-type': 'application/json' };
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: tenant,
      payload: `{"pad":"${'x'.repeat(1024 * 1024)}"}`,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json<ProblemView>()).toMatchObject({
      status: 413,
      title: 'Content Too Large',
      code: 'CONTENT_TOO_LARGE',
    });
  });

  it('given a body or header failing its schema, when posted, then 400 VALIDATION_FAILED names the field', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', payload: { count: 1 } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ProblemView>()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'headers.x-thing-id' }],
    });
    const body = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'x-thing-id': uuidv4() },
      payload: { count: 1.5 },
    });
    expect(body.json<ProblemView>()).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'Invalid request: body.count',
      errors: [{ field: 'body.count' }],
    });
  });
});

describe('correlation ids', () => {
  it('given a uuid in x-correlation-id, when a request is answered, then the same id comes back and is logged', async () => {
    const correlationId = uuidv4();
    const res = await app.inject({
      url: '/ok?niss=CANARY-QUERY',
      headers: { 'x-correlation-id': correlationId },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-correlation-id']).toBe(correlationId);
    const lines = logs.lines.filter((l) => l.correlationId === correlationId);
    expect(lines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(lines[0]?.req).toEqual({ method: 'GET', path: '/ok' });
    expect(logs.text()).not.toContain('CANARY-QUERY');
  });

  it.each([['not-a-uuid'], ['0190a000-0000-7000-8000'], ["'; DROP TABLE outbox; --"]])(
    'given x-correlation-id %j, when a request is answered, then a fresh uuid v7 replaces it',
    async (sent) => {
      const res = await app.inject({ url: '/things/42', headers: { 'x-correlation-id': sent } });
      const echoed = res.headers['x-correlation-id'];
      expect(typeof echoed).toBe('string');
      expect(echoed).not.toBe(sent);
      expect(isUuid(echoed)).toBe(true);
      expect(uuidVersion(echoed as string)).toBe(7);
      expect(res.json<ProblemView>().correlationId).toBe(echoed);
    },
  );

  it('given no x-correlation-id, when two requests are answered, then each gets its own id', async () => {
    const [a, b] = await Promise.all([app.inject({ url: '/ok' }), app.inject({ url: '/ok' })]);
    expect(isUuid(a.headers['x-correlation-id'])).toBe(true);
    expect(a.headers['x-correlation-id']).not.toBe(b.headers['x-correlation-id']);
  });
});

describe('security headers', () => {
  it.each([
    ['an answer', '/ok', 200],
    ['a refused route', '/things/42', 404],
    ['an unknown route', '/nowhere', 404],
    ['a failure', '/boom', 500],
  ])('given %s, when it is sent, then it carries the same security headers', async (_, url, status) => {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(status);
    const security = Object.fromEntries(
      Object.entries(res.headers).filter(
        ([name]) =>
          ![
            'content-type',
            'content-length',
            'date',
            'connection',
            'keep-alive',
            'x-correlation-id',
          ].includes(name),
      ),
    );
    expect(security).toEqual({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    });
  });
});
