import type { ChaosScenario } from '../lib/scenario.ts';
import { headline } from './headline.ts';

/** Every scenario of the suite, in the order. */
export const SCENARIOS: readonly ChaosScenario[] = [headline];
