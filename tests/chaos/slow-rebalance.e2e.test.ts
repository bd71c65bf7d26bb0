import { inject, expect, it } from 'vitest';
import { runScenario } from './lib/run-scenario.ts';
import { slowRebalance } from './scenarios/slow-rebalance.ts';

const servers = { postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') };

it('absorbs handlers slower than the session while instances scale 1→3→1: no loss, no duplicate, no stalled partition', async () => {
  const result = await runScenario(slowRebalance, { scale: 'small', servers });
  expect(result.failures).toEqual([]);
  expect(result.counts.slow_handlers).toBeGreaterThan(0);
  expect(result.lost + result.duplicates + result.parked).toBe(0);
}, 300000);
