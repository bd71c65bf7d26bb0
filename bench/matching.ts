// Ranking candidates for one position, in this process: pure CPU, no I/O.
import { rankCandidates } from '../services/placement/src/domain/matching.ts';
import {
  SYNTHETIC_TODAY,
  syntheticCandidates,
  syntheticPosition,
} from '../services/placement/src/domain/matching.bench-data.ts';
import { latency } from './lib/stats.ts';

/** The default weights of services/placement/migrations/002 (matching_settings). */
const WEIGHTS = { skills: 0.35, wishes: 0.2, distance: 0.15, waiting: 0.3 };

/** One pool size's timings. */
export interface MatchingFigure {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly runs: number;
  /** How many came back ranked (at most the limit of 50), to show the work was real. */
  readonly ranked: number;
}

/**
 * Times rankCandidates(position, candidates, weights, today, { limit: 50 }) for each size:
 * enough runs for a p95 (at least 20, about 2 s per size), after a few untimed warm-up runs.
 */
export const matching = (sizes: readonly number[]): Record<string, MatchingFigure> => {
  const position = syntheticPosition(1);
  const result: Record<string, MatchingFigure> = {};
  for (const size of sizes) {
    const candidates = syntheticCandidates(size, 42);
    let ranked = 0;
    const once = () => {
      const t0 = performance.now();
      const ranking = rankCandidates(position, candidates, WEIGHTS, SYNTHETIC_TODAY, { limit: 50 });
      const ms = performance.now() - t0;
      ranked = ranking.ranked.length;
      return ms;
    };
    for (let i = 0; i < 3; i++) once();
    const samples: number[] = [];
    const started = performance.now();
    while (samples.length < 20 || (performance.now() - started < 2000 && samples.length < 500))
      samples.push(once());
    const { p50Ms, p95Ms } = latency(samples);
    result[String(size)] = { p50Ms, p95Ms, runs: samples.length, ranked };
  }
  return result;
};
