/**
 * Matching candidates and positions: hard filters say who can take a post, soft factors rank
 * those who can. Every result explains itself (each filter passed or failed, each factor's value
 * and weight), the ranking is deterministic, and fairness is a factor: time waiting since the
 * referral, so the least "employable" are not silently passed over (DOMAIN.md story 6, seed 004
 * §4.3 on creaming).
 *
 * Deliberately NOT inputs:
 * - past placements, ended trials or their outcomes: an ended trial must never lower a score
 *   (story 1 and 6: the person is not to blame for a trial that did not work out). There is no
 *   field for it, so no weight can ever be given to it. Do not add one.
 * - work readiness beyond the `work_ready` filter: ranking 'ready' above 'ready_with_support'
 *   would be creaming by another name, so both rank alike.
 *
 * Speed: ranking 50,000 candidates must stay well under 50 ms (issue 10). The position is
 * prepared once (sets, minutes, radians, memoised wish matches), each candidate is filtered and
 * scored without allocating (matching-rules.ts), and explanations (matching-explain.ts) are
 * built only for the results returned.
 */
import { DomainError } from '@relais/service-kit/errors';
import { explain } from './matching-explain.ts';
import {
  checkWeights,
  dayOrThrow,
  distanceKm,
  failureMask,
  preparePosition,
  scoreOf,
} from './matching-rules.ts';
import {
  MATCH_FILTERS,
  type MatchableCandidate,
  type MatchablePosition,
  type MatchFilter,
  type MatchingWeights,
  type MatchResult,
} from './model.ts';

/**
 * Explains how one candidate fits one position: every hard filter with its verdict (all of
 * them, so an excluded candidate sees every reason), then, if eligible, each soft factor in
 * [0, 1] with its weight and contribution. score = Σ value × weight / Σ weight (0 when the
 * weights sum to 0), rounded to 4 decimals; an excluded candidate has no factors and score 0.
 */
export const matchCandidate = (
  position: MatchablePosition,
  candidate: MatchableCandidate,
  weights: MatchingWeights,
  today: string,
): MatchResult =>
  explain(preparePosition(position), candidate, weights, checkWeights(weights), dayOrThrow(today, 'today'));

/** Options of a ranking. */
export interface RankOptions {
  /** Also return an explained result for every excluded one (for audits; costs time). */
  readonly includeExcluded?: boolean;
  /** At most this many ranked results (the best); excluded results are never cut. */
  readonly limit?: number;
}

/** A ranking: the eligible in order, the excluded if asked, and how often each filter bit. */
export interface Ranking {
  readonly ranked: readonly MatchResult[];
  /** Empty unless `includeExcluded`; ordered by fewest failed filters, then as ranked. */
  readonly excluded: readonly MatchResult[];
  /** Candidates (or positions) failing each filter; one failing two filters counts in both. */
  readonly excludedCountByFilter: Readonly<Record<MatchFilter, number>>;
}

const checkLimit = (limit: number | undefined): number => {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new DomainError(
      'INVALID_LIMIT',
      'invalid',
      `limit ${String(limit)} is not a whole number ≥ 0`,
      'limit',
    );
  }
  return limit;
};

const countsByFilter = (failures: Int32Array): Record<MatchFilter, number> =>
  Object.fromEntries(MATCH_FILTERS.map((filter, bit) => [filter, failures[bit] ?? 0])) as Record<
    MatchFilter,
    number
  >;

/** Adds one to each failed filter's count, visiting only the set bits (most masks have one). */
const countFailures = (failures: Int32Array, mask: number): void => {
  for (let rest = mask; rest !== 0; rest &= rest - 1) {
    const bit = 31 - Math.clz32(rest & -rest);
    failures[bit] = (failures[bit] ?? 0) + 1;
  }
};

const popCount = (mask: number): number => {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
};

/**
 * The `limit` first indices in `compare` order: a bounded heap (O(n log k)) when the limit is
 * small, a full sort otherwise.
 */
const firstInOrder = (
  indices: Uint32Array,
  limit: number,
  compare: (a: number, b: number) => number,
): Uint32Array => {
  if (limit >= indices.length) return indices.sort(compare);
  const heap = new Uint32Array(limit);
  let size = 0;
  // heap[0] is the worst kept: `compare(heap[parent], heap[child]) >= 0`.
  const siftDown = (from: number): void => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) return;
      const right = left + 1;
      const worse = right < size && compare(heap[right] as number, heap[left] as number) > 0 ? right : left;
      if (compare(heap[worse] as number, heap[i] as number) <= 0) return;
      [heap[i], heap[worse]] = [heap[worse] as number, heap[i] as number];
      i = worse;
    }
  };
  for (const index of indices) {
    if (size < limit) {
      let i = size++;
      heap[i] = index;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (compare(heap[parent] as number, heap[i] as number) >= 0) break;
        [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
        i = parent;
      }
    } else if (limit > 0 && compare(index, heap[0] as number) < 0) {
      heap[0] = index;
      siftDown(0);
    }
  }
  return heap.subarray(0, size).sort(compare);
};

/**
 * Working memory of `rankCandidates`, reused across calls. Measured: allocating four typed arrays
 * per call (4.8 MB for 200,000 candidates) counts as external memory and triggers full
 * mark-compacts, which with 200,000 candidates in the heap took 150 ms. Safe because ranking is
 * synchronous and never re-entered; every slot read was written earlier in the same call.
 */
const scratch = {
  scores: new Float64Array(0),
  referred: new Float64Array(0),
  failedMasks: new Int32Array(0),
  eligible: new Uint32Array(0),
  excluded: new Uint32Array(0),
};

const scratchFor = (n: number): typeof scratch => {
  if (scratch.scores.length < n) {
    const size = Math.max(n, 2 * scratch.scores.length);
    scratch.scores = new Float64Array(size);
    scratch.referred = new Float64Array(size);
    scratch.failedMasks = new Int32Array(size);
    scratch.eligible = new Uint32Array(size);
    scratch.excluded = new Uint32Array(size);
  }
  return scratch;
};

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ranks candidates for a position: eligible ones by score (highest first), ties broken by the
 * longer wait (earlier referral), then by candidate id, so the result depends on nothing but
 * the inputs (not on their order). Excluded candidates are counted per failed filter and, with
 * `includeExcluded`, explained.
 */
export const rankCandidates = (
  position: MatchablePosition,
  candidates: readonly MatchableCandidate[],
  weights: MatchingWeights,
  today: string,
  options: RankOptions = {},
): Ranking => {
  const p = preparePosition(position);
  const totalWeight = checkWeights(weights);
  const todayDay = dayOrThrow(today, 'today');
  const limit = checkLimit(options.limit);
  const includeExcluded = options.includeExcluded === true;
  const n = candidates.length;
  const { scores, referred, failedMasks, eligible, excluded } = scratchFor(n);
  const failures = new Int32Array(MATCH_FILTERS.length);
  let eligibleCount = 0;
  let excludedCount = 0;

  for (let i = 0; i < n; i++) {
    const c = candidates[i] as MatchableCandidate;
    const km = distanceKm(p, c.home);
    const mask = failureMask(p, c, km);
    if (mask === 0) {
      referred[i] = dayOrThrow(c.referredOn, 'referredOn', c.id);
      scores[i] = scoreOf(p, c, km, todayDay - (referred[i] as number), weights, totalWeight);
      eligible[eligibleCount++] = i;
    } else {
      countFailures(failures, mask);
      if (includeExcluded) {
        referred[i] = dayOrThrow(c.referredOn, 'referredOn', c.id);
        failedMasks[i] = mask;
        excluded[excludedCount++] = i;
      }
    }
  }

  const idOf = (i: number) => (candidates[i] as MatchableCandidate).id;
  const asRanked = (a: number, b: number) =>
    (scores[b] as number) - (scores[a] as number) ||
    (referred[a] as number) - (referred[b] as number) ||
    byCodeUnits(idOf(a), idOf(b));
  const asExcluded = (a: number, b: number) =>
    popCount(failedMasks[a] as number) - popCount(failedMasks[b] as number) ||
    (referred[a] as number) - (referred[b] as number) ||
    byCodeUnits(idOf(a), idOf(b));
  const explainAt = (i: number) =>
    explain(p, candidates[i] as MatchableCandidate, weights, totalWeight, todayDay);

  return {
    ranked: Array.from(firstInOrder(eligible.subarray(0, eligibleCount), limit, asRanked), explainAt),
    excluded: Array.from(excluded.subarray(0, excludedCount).sort(asExcluded), explainAt),
    excludedCountByFilter: countsByFilter(failures),
  };
};

/**
 * The reverse view: the positions a candidate could take, best first (score, then position id),
 * with the same explanations and counts.
 */
export const rankPositions = (
  candidate: MatchableCandidate,
  positions: readonly MatchablePosition[],
  weights: MatchingWeights,
  today: string,
  options: RankOptions = {},
): Ranking => {
  const totalWeight = checkWeights(weights);
  const todayDay = dayOrThrow(today, 'today');
  const limit = checkLimit(options.limit);
  const failures = new Int32Array(MATCH_FILTERS.length);
  const results = positions.map((position) =>
    explain(preparePosition(position), candidate, weights, totalWeight, todayDay),
  );
  const ranked: MatchResult[] = [];
  const excluded: { result: MatchResult; failed: number }[] = [];
  for (const result of results) {
    if (result.eligible) {
      ranked.push(result);
      continue;
    }
    let mask = 0;
    result.filters.forEach((f, bit) => {
      if (!f.passed) mask |= 1 << bit;
    });
    countFailures(failures, mask);
    excluded.push({ result, failed: popCount(mask) });
  }
  ranked.sort((a, b) => b.score - a.score || byCodeUnits(a.positionId, b.positionId));
  excluded.sort((a, b) => a.failed - b.failed || byCodeUnits(a.result.positionId, b.result.positionId));
  return {
    ranked: ranked.slice(0, limit),
    excluded: options.includeExcluded ? excluded.map((e) => e.result) : [],
    excludedCountByFilter: countsByFilter(failures),
  };
};
