import { inject, expect, it } from 'vitest';
import { runScenario } from './lib/run-scenario.ts';
import { headline } from './scenarios/headline.ts';

const servers = { postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') };

it('reopens every ended trial exactly once, in each person’s order, through broker restarts and a killed instance', async () => {
  const result = await runScenario(headline, { scale: 'small', servers });
  expect(result.failures).toEqual([]);
  expect(result.counts).toMatchObject({ broker_sigterm: 1, broker_sigkill: 1, instance_sigkill: 1 });
  expect(result.lost + result.duplicates + result.parked).toBe(0);
}, 300000);
