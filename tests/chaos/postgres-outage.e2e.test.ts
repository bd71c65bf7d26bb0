import { inject, expect, it } from 'vitest';
import { runScenario } from './lib/run-scenario.ts';
import { postgresOutage } from './scenarios/postgres-outage.ts';

const servers = { postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') };

it('retries in place through a stopped PostgreSQL and terminated connections: nothing lost, doubled or parked', async () => {
  const result = await runScenario(postgresOutage, { scale: 'small', servers });
  expect(result.failures).toEqual([]);
  expect(result.counts.terminated).toBeGreaterThan(0);
  expect(result.lost + result.duplicates + result.parked).toBe(0);
}, 300000);
