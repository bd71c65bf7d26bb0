import { incomeContinuityService } from '@relais/income-continuity';
import { createTokenVerifier, type BaseConfig, type UserRole } from '@relais/service-kit';
import { startTestService, testTokenKeys, type TestService } from '@relais/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AdminUiConfig } from '../src/config.ts';
import { DEMO_PASSWORD, DEMO_STAD, DEMO_VILLE, demoAccount } from '../src/demo/demo-accounts.ts';
import { Browser, present, signedIn, startEdge } from './edge.ts';

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

const demo = DEMO_VILLE;
const accountOf = (role: UserRole) => demoAccount(demo, role);
const tokenOf = (echo: Echo) =>
  present(echo.headers.authorization, 'a forwarded authorization').replace(/^Bearer /, '');
let edge: TestService<AdminUiConfig>;
let ic: TestService<BaseConfig>;
let upstream: FastifyInstance;
const received: Echo[] = [];

/**
 * The edge's "service is down" case: port 1 (tcpmux), which nothing listens on here. A port
 * freed a moment ago could be taken by another test's server before the call.
 */
const DOWN_URL = 'http://127.0.0.1:1';

/** A call the upstream holds until the test lets it go (`arrived` once it is there). */
let held: { arrived: () => void; go: Promise<unknown> } | undefined;

const startUpstream = async (): Promise<string> => {
  upstream = Fastify();
  upstream.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return { late: true };
  });
  upstream.get('/held', async () => {
    held?.arrived();
    await held?.go;
    return { held: true };
  });
  upstream.all('/*', async (request, reply) => {
    const echo = {
      method: request.method,
      url: request.url,
      headers: request.headers as Record<string, string>,
      body: request.body ?? null,
    };
    received.push(echo);
    if (request.method === 'POST') {
      return reply
        .status(201)
        .header('location', '/things/42')
        .header('set-cookie', 'upstream=secret')
        .header('x-powered-by', 'upstream')
        .send(echo);
    }
    return echo;
  });
  return upstream.listen({ host: '127.0.0.1', port: 0 });
};

const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};

describe('admin-ui: forwarding the UI’s calls to the services', () => {
  beforeAll(async () => {
    const upstreamUrl = await startUpstream();
    ic = await startTestService(incomeContinuityService, infra);
    edge = await startEdge({
      PLACEMENT_URL: upstreamUrl,
      SAFETY_VISITS_URL: DOWN_URL,
      TRIAL_PERIOD_URL: upstreamUrl,
      INCOME_CONTINUITY_URL: ic.service.url,
      FORWARD_TIMEOUT_MS: '500',
      SIGN_IN_RATE_PER_EMAIL: '1000',
      SIGN_IN_RATE_PER_IP: '1000',
    });
  });
  afterAll(async () => {
    await edge.close();
    await ic.close();
    await upstream.close();
  });

  it('passes a call on with a fresh token of the session’s user, and none of the browser’s cookies or credentials', async () => {
    const browser = await signedIn(edge, accountOf('placement_officer').email);
    const before = received.length;
    const answer = await browser.request('GET', '/api/placement/candidates?status=open&q=%C3%A9t%C3%A9', {
      headers: {
        authorization: 'Bearer forged-by-the-browser',
        'x-tenant-id': DEMO_STAD.id,
        'x-actor-role': 'cpas_admin',
        cookie: `${present(browser.cookie, 'a session cookie')}; other=1`,
      },
    });
    expect(answer.statusCode).toBe(200);
    expect(received.length).toBe(before + 1);
    const echo = answer.json<Echo>();
    expect(echo.url).toBe('/candidates?status=open&q=%C3%A9t%C3%A9');
    expect(echo.headers.cookie).toBeUndefined();
    expect(echo.headers['x-tenant-id']).toBeUndefined();
    expect(echo.headers['x-actor-role']).toBeUndefined();
    expect(echo.headers['x-csrf-token']).toBeUndefined();
    expect(echo.headers['x-correlation-id']).toBe(answer.headers['x-correlation-id']);
    const token = tokenOf(echo);
    const verifier = await createTokenVerifier((await testTokenKeys()).publicKey);
    expect(await verifier.verify(token)).toEqual({
      userId: accountOf('placement_officer').id,
      tenantId: demo.id,
      roles: ['placement_officer'],
    });
    const second = await browser.request('GET', '/api/trial-period/trials');
    expect(await verifier.verify(tokenOf(second.json<Echo>()))).toMatchObject({
      userId: accountOf('placement_officer').id,
    });
  });

  it('does not bring back the session of an account disabled while one of its calls was in flight', async () => {
    const admin = await signedIn(edge, accountOf('cpas_admin').email);
    const email = `in-flight-${String(Date.now())}@demo.relais.test`;
    const created = await admin.request('POST', '/accounts', {
      payload: {
        email,
        displayName: 'En vol',
        roles: ['placement_officer'],
        temporaryPassword: DEMO_PASSWORD,
      },
    });
    expect(created.statusCode).toBe(201);
    const holder = await signedIn(edge, email);
    const changed = await holder.request('POST', '/auth/password', {
      payload: { currentPassword: DEMO_PASSWORD, newPassword: 'un-mot-de-passe-bien-long' },
    });
    expect(changed.statusCode).toBe(200);
    const there = Promise.withResolvers<undefined>();
    const go = Promise.withResolvers<undefined>();
    held = {
      arrived: () => {
        there.resolve(undefined);
      },
      go: go.promise,
    };
    try {
      // The call has read its session and waits on the service when the account is disabled;
      // its answer, which saves the session again (rolling), comes after.
      const inFlight = holder.request('GET', '/api/placement/held');
      await there.promise;
      const disabled = await admin.request('POST', `/accounts/${created.json<{ id: string }>().id}/disable`);
      expect(disabled.statusCode).toBe(200);
      go.resolve(undefined);
      expect((await inFlight).statusCode).toBe(200);
    } finally {
      go.resolve(undefined);
      held = undefined;
    }
    expect((await holder.request('GET', '/auth/session')).statusCode).toBe(401);
    expect((await holder.request('GET', '/api/placement/candidates')).statusCode).toBe(401);
  });

  it('passes a change on with its JSON body, only with the CSRF token, and returns the service’s answer', async () => {
    const browser = await signedIn(edge, accountOf('placement_officer').email);
    const before = received.length;
    const withoutToken = await browser.request('POST', '/api/placement/things', {
      payload: { a: 1 },
      csrf: false,
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    expect(received.length).toBe(before);
    const answer = await browser.request('POST', '/api/placement/things', {
      payload: { name: 'Atelier', n: 3 },
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers.location).toBe('/api/placement/things/42');
    // The edge's own rolling session cookie only, never the service's.
    expect(String(answer.headers['set-cookie'])).not.toContain('upstream=');
    expect(answer.headers['x-powered-by']).toBeUndefined();
    const echo = answer.json<Echo>();
    expect(echo).toMatchObject({ method: 'POST', url: '/things', body: { name: 'Atelier', n: 3 } });
    expect(echo.headers['content-type']).toBe('application/json');
  });

  it('forwards nothing without a session, to an unconfigured service, or outside the service', async () => {
    const before = received.length;
    const anonymous = await new Browser(edge).request('GET', '/api/placement/candidates');
    expect(anonymous.statusCode).toBe(401);
    const withBearerOnly = await new Browser(edge).request('GET', '/api/placement/candidates', {
      headers: {
        authorization: `Bearer ${await (await testTokenKeys()).signer.sign({ userId: uuidv7(), tenantId: demo.id, roles: ['cpas_admin'] })}`,
      },
    });
    expect(withBearerOnly.statusCode).toBe(401);
    const browser = await signedIn(edge, accountOf('social_worker').email);
    // The committee service comes with issue 8: not configured here, so not reachable.
    expect((await browser.request('GET', '/api/committee/sessions')).json()).toMatchObject({
      status: 404,
      code: 'UNKNOWN_SERVICE',
    });
    expect((await browser.request('GET', '/api/metrics/x')).statusCode).toBe(404);
    const sneaky = await browser.request('GET', '/api/placement//evil.example/steal');
    expect(sneaky.statusCode).toBe(200);
    expect(sneaky.json<Echo>().headers.host).toBe(new URL(edge.service.context.config.PLACEMENT_URL).host);
    expect(received.length).toBe(before + 1);
  });

  it('answers 502 when the service is down and 504 when it is too slow', async () => {
    const browser = await signedIn(edge, accountOf('safety_officer').email);
    const down = await browser.request('GET', '/api/safety-visits/visits');
    expect(down.statusCode).toBe(502);
    expect(down.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', title: 'Bad Gateway' });
    const slow = await browser.request('GET', '/api/placement/slow');
    expect(slow.statusCode).toBe(504);
    expect(slow.json()).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
  });

  it('lets the service authorise by role, hold the call to the user’s CPAS and audit it under the user', async () => {
    const personId = uuidv7();
    const worker = await signedIn(edge, accountOf('social_worker').email);
    const registered = await worker.request(
      'POST',
      `/api/income-continuity/persons/${personId}/integration-income`,
      {
        payload: { startDate: '2026-01-05', category: 'single' },
      },
    );
    expect(registered.statusCode).toBe(201);
    const read = await worker.request('GET', `/api/income-continuity/persons/${personId}/income-coverage`);
    expect(read.statusCode).toBe(200);
    const safety = await signedIn(edge, accountOf('safety_officer').email);
    const refused = await safety.request('GET', `/api/income-continuity/persons/${personId}/income-coverage`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    const stored = await ic.db.query('SELECT tenant_id FROM coverage_periods WHERE person_id = $1', [
      personId,
    ]);
    expect(stored.rows).toEqual([{ tenant_id: demo.id }]);
    const audit = await ic.db.query(
      'SELECT actor_id, acting_role FROM audit_log WHERE $1 = ANY(person_ids) ORDER BY seq',
      [personId],
    );
    expect(audit.rows).toEqual([
      { actor_id: accountOf('social_worker').id, acting_role: 'social_worker' },
      { actor_id: accountOf('social_worker').id, acting_role: 'social_worker' },
    ]);
    const otherCpas = await signedIn(edge, demoAccount(DEMO_STAD, 'social_worker').email);
    const elsewhere = await otherCpas.request(
      'GET',
      `/api/income-continuity/persons/${personId}/income-coverage`,
    );
    expect(elsewhere.json<{ periods: unknown[] }>().periods).toEqual([]);
  });
});
