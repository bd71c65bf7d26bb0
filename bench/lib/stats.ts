/** Latency percentiles of a sample, in milliseconds rounded to the microsecond. */
export interface Latency {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** The q-quantile (0..1) of sorted values, nearest rank: a value that was really observed. */
const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

/** Summarises durations in milliseconds (NaN percentiles for an empty sample). */
export const latency = (samples: readonly number[]): Latency => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxMs: round(quantile(sorted, 1)),
  };
};

/** Rounds a figure for the report (two decimals). */
export const fixed = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** The wall clock in milliseconds since the epoch, with sub-millisecond resolution. */
export const wallMs = (): number => performance.timeOrigin + performance.now();
