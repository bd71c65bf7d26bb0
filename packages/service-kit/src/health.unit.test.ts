import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServiceApp } from './app.ts';
import { checkReadiness, type ReadinessCheck } from './health.ts';

const up = (name: string): ReadinessCheck => ({ name, check: () => Promise.resolve('PONG') });
const down = (name: string): ReadinessCheck => ({
  name,
  check: () => Promise.reject(new Error('connection refused')),
});
const hanging = (name: string): ReadinessCheck => ({ name, check: () => new Promise(() => undefined) });

const appWith = (readiness: readonly ReadinessCheck[]) =>
  createServiceApp({
    name: 'example',
    version: '0.0.1',
    description: 'a service for tests',
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    readiness,
    access: { matrix: {}, authenticate: () => Promise.resolve(null) },
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('/health/ready', () => {
  it('given every check answers, when readiness is asked, then 200 with each check up', async () => {
    const app = await appWith([up('postgres'), up('redis'), up('kafka')]);
    const res = await app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, checks: { postgres: 'up', redis: 'up', kafka: 'up' } });
    await app.close();
  });

  it('given one check rejects, when readiness is asked, then 503 naming that check down', async () => {
    const app = await appWith([up('postgres'), down('redis'), up('kafka')]);
    const res = await app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ready: false, checks: { postgres: 'up', redis: 'down', kafka: 'up' } });
    await app.close();
  });

  it('given one check throws before returning a promise, when readiness is asked, then 503 naming it down', async () => {
    const throwing: ReadinessCheck = {
      name: 'kafka',
      check: () => {
        throw new Error('no admin client');
      },
    };
    const app = await appWith([up('postgres'), throwing]);
    const res = await app.inject({ url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ready: false, checks: { postgres: 'up', kafka: 'down' } });
    await app.close();
  });

  it('given one check never answers, when readiness is asked, then after the 2 s bound 503 names it down', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const app = await appWith([up('postgres'), hanging('kafka')]);
    const pending = app.inject({ url: '/health/ready' });
    await vi.advanceTimersByTimeAsync(1999);
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const res = await pending;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ready: false, checks: { postgres: 'up', kafka: 'down' } });
    await app.close();
  });

  it('given the service is up, when liveness is asked, then 200 without running the checks', async () => {
    const check = vi.fn(() => Promise.reject(new Error('down')));
    const app = await appWith([{ name: 'postgres', check }]);
    const res = await app.inject({ url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'live' });
    expect(check).not.toHaveBeenCalled();
    await app.close();
  });
});

describe('checkReadiness', () => {
  it('given checks of different speeds, when run, then they run in parallel within one bound', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slow = (name: string, ms: number): ReadinessCheck => ({
      name,
      check: () => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    const result = checkReadiness([slow('a', 80), slow('b', 80), slow('c', 120)], 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(await result).toEqual({ ready: false, checks: { a: 'up', b: 'up', c: 'down' } });
  });

  it('given no checks, when run, then the service is ready', async () => {
    expect(await checkReadiness([])).toEqual({ ready: true, checks: {} });
  });
});
