import { inject, expect, it } from 'vitest';
import { runScenario } from './lib/run-scenario.ts';
import { relayCrash } from './scenarios/relay-crash.ts';

const servers = { postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') };

it('reopens each income exactly once while the relay crashes between the broker’s ack and marking its rows', async () => {
  const result = await runScenario(relayCrash, { scale: 'small', servers });
  expect(result.failures).toEqual([]);
  // The fault happened: the relay crashed, and some TrialEnded went out twice under one id.
  expect(result.counts.crashes).toBeGreaterThanOrEqual(1);
  expect(result.counts.endsOnTopic).toBeGreaterThan(result.counts.distinctEnds ?? 0);
  expect(result.counts.reopenings).toBe(result.counts.trials);
  expect(result.lost + result.duplicates + result.parked).toBe(0);
}, 300000);
