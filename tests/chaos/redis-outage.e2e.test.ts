import { inject, expect, it } from 'vitest';
import { runScenario } from './lib/run-scenario.ts';
import { redisOutage } from './scenarios/redis-outage.ts';

const servers = { postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') };

it('refuses sign-in and sessions with a clear 503 while Redis is down, starts each due contract once on two instances, and recovers', async () => {
  const result = await runScenario(redisOutage, { scale: 'small', servers });
  expect(result.failures).toEqual([]);
  expect(result.counts).toMatchObject({
    redis_sigkill: 1,
    signInsUnclear: 0,
    hangs: 0,
    overlaps: 0,
    crashes: 0,
  });
  expect(result.counts.signInsRefused).toBeGreaterThan(0);
  expect(result.lost + result.duplicates + result.parked).toBe(0);
  expect(result.recoverySeconds).not.toBeNull();
}, 300000);
