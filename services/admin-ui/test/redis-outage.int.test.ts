import type { TestService } from '@relais/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUiConfig } from '../src/config.ts';
import { DEMO_VILLE, demoAccount } from '../src/demo/demo-accounts.ts';
import { Browser, signedIn, startEdge } from './edge.ts';
import { edgeRedis } from '../src/session/edge-redis.ts';

let edge: TestService<AdminUiConfig>;
const agent = demoAccount(DEMO_VILLE, 'placement_officer').email;
const socialWorker = demoAccount(DEMO_VILLE, 'social_worker').email;

/** The edge's own Redis client loses its connection (as when the server goes away) and gets it back. */
const redisDown = () => {
  edgeRedis(edge.service.context).disconnect();
};
const redisBack = () => edgeRedis(edge.service.context).connect();

const expectUnavailable = (answer: Awaited<ReturnType<Browser['request']>>) => {
  expect(answer.statusCode).toBe(503);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  expect(answer.json()).toMatchObject({
    status: 503,
    title: 'Service Unavailable',
    code: 'SESSION_STORE_UNAVAILABLE',
    type: 'urn:relais:problem:session-store-unavailable',
  });
  expect(answer.body).not.toMatch(/stack|ioredis|Connection is closed|redis is/i);
};

describe('admin-ui: Redis down', () => {
  beforeAll(async () => {
    edge = await startEdge({ SIGN_IN_RATE_PER_IP: '4' });
  });
  afterAll(async () => {
    if (edgeRedis(edge.service.context).status !== 'ready') await redisBack();
    await edge.close();
  });

  it('refuses sign-in and sessions with 503 SESSION_STORE_UNAVAILABLE at once, counts nothing, and works again once Redis is back', async () => {
    const signedInBefore = await signedIn(edge, agent);
    redisDown();
    try {
      const started = Date.now();
      // Wrong passwords past the lockout threshold: refused before any password is checked.
      const attempts = new Browser(edge);
      for (let i = 0; i < 6; i += 1) expectUnavailable(await attempts.signIn(socialWorker, 'wrong-password'));
      expectUnavailable(await attempts.signIn(agent));
      expectUnavailable(await signedInBefore.request('GET', '/auth/session'));
      const page = await signedInBefore.request('GET', '/', { headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).not.toMatch(/ioredis|Connection is closed/i);
      // Nine requests, no waiting on a reconnection.
      expect(Date.now() - started).toBeLessThan(3000);
      const ready = await edge.service.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ ready: false, checks: { redis: 'down' } });
      expect(edge.logText()).toMatch(/session store unavailable/);
    } finally {
      await redisBack();
    }
    // Redis kept the session: it opens again; the refused wrong passwords locked nothing.
    expect((await signedInBefore.request('GET', '/auth/session')).statusCode).toBe(200);
    expect((await new Browser(edge).signIn(socialWorker)).statusCode).toBe(200);
    // The limits count again: the fifth attempt from one address in a minute is refused.
    const again = new Browser(edge);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await again.signIn(agent)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
