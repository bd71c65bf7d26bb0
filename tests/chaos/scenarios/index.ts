import type { ChaosScenario } from '../lib/scenario.ts';
import { apiCrash } from './api-crash.ts';
import { headline } from './headline.ts';
import { poisonMix } from './poison.ts';
import { postgresOutage } from './postgres-outage.ts';
import { redisOutage } from './redis-outage.ts';
import { relayCrash } from './relay-crash.ts';
import { replay } from './replay.ts';
import { slowRebalance } from './slow-rebalance.ts';

/** Every scenario of the suite, in the order. */
export const SCENARIOS: readonly ChaosScenario[] = [
  headline,
  apiCrash,
  relayCrash,
  replay,
  poisonMix,
  postgresOutage,
  slowRebalance,
  redisOutage,
];
