import { inject, expect, it } from 'vitest';
import { runScenario } from './lib/run-scenario.ts';
import { replay } from './scenarios/replay.ts';

const servers = { postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') };

it('has no new effect from a group reset to earliest nor from trial ends re-emitted under new ids, each recorded as an ignored duplicate', async () => {
  const result = await runScenario(replay, { scale: 'small', servers });
  expect(result.failures).toEqual([]);
  expect(result.counts.replayed).toBeGreaterThanOrEqual(result.counts.events ?? 1);
  expect(result.counts.ignoredDuplicates).toBe(result.counts.reemitted);
  expect(result.counts.newEffects).toBe(0);
  expect(result.lost + result.duplicates + result.parked).toBe(0);
}, 300000);
