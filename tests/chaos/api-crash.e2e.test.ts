import { inject, expect, it } from 'vitest';
import { runScenario } from './lib/run-scenario.ts';
import { apiCrash } from './scenarios/api-crash.ts';

const servers = { postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') };

it('keeps one TrialEnded outbox row per answered outcome, and none without one, through SIGKILLs of trial-period', async () => {
  const result = await runScenario(apiCrash, { scale: 'small', servers });
  expect(result.failures).toEqual([]);
  expect(result.counts.kills).toBeGreaterThanOrEqual(3);
  expect(result.counts.ended).toBe(result.counts.commands);
  expect(result.lost + result.duplicates + result.parked).toBe(0);
}, 300000);
