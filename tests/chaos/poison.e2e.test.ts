import { expect, inject, it } from 'vitest';
import { runScenario } from './lib/run-scenario.ts';
import { poisonMix } from './scenarios/poison.ts';

const servers = { postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') };

it('parks every poison message with its reason, holds the events behind one until the operator discards it, and applies every good event', async () => {
  const result = await runScenario(poisonMix, { scale: 'small', servers });
  expect(result.failures).toEqual([]);
  expect(result.parked).toBe(16);
  expect(result.counts.held).toBeGreaterThanOrEqual(3);
}, 300000);
