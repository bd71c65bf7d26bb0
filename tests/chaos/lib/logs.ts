import type { ServiceProcess } from '@relais/testing';

/** What the inbox consumers' logs say about their in-place retries. */
export interface RetryLog {
  /** Log lines announcing a retry (`… failed; retrying` with `retryInMs`). */
  readonly retries: number;
  /** The longest wait announced, in ms (0 when there was none). */
  readonly maxRetryInMs: number;
}

/** Reads the consumers' `retryInMs` from the JSON logs of `processes` (every line they wrote so far). */
export const consumerRetries = (processes: readonly ServiceProcess[]): RetryLog => {
  let retries = 0;
  let maxRetryInMs = 0;
  for (const process of processes) {
    for (const line of process.logs) {
      const wait = line.retryInMs;
      if (typeof wait !== 'number') continue;
      retries += 1;
      maxRetryInMs = Math.max(maxRetryInMs, wait);
    }
  }
  return { retries, maxRetryInMs };
};

/** Log lines of `processes` whose message (`msg`) is `message`. */
export const countLogLines = (processes: readonly ServiceProcess[], message: string): number =>
  processes.reduce((n, p) => n + p.logs.filter((line) => line.msg === message).length, 0);
