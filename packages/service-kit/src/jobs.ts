import type { Logger } from 'pino';

/** Work a service does on a schedule (start contracts on their first day, expire stale positions…). */
export interface ScheduledJob {
  readonly name: string;
  readonly intervalMs: number;
  /** Does one round; must be safe when several instances run it at once. Returns how many items it handled. */
  readonly run: () => Promise<number>;
}

/** Running jobs; `stop` waits for the rounds in progress. */
export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Runs each job now and then every `intervalMs` after the previous round ended (rounds never
 * overlap within a process). A failing round is logged and retried at the next tick.
 */
export const startJobs = (jobs: readonly ScheduledJob[], logger: Logger): JobRunner => {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const schedule = (job: ScheduledJob, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const round = job
        .run()
        .then((handled) => {
          if (handled > 0) logger.info({ job: job.name, handled }, 'scheduled job round');
        })
        .catch((error: unknown) => {
          logger.warn({ err: error, job: job.name }, 'scheduled job round failed');
        })
        .finally(() => {
          inFlight.delete(round);
          schedule(job, job.intervalMs);
        });
      inFlight.add(round);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };
  for (const job of jobs) schedule(job, 0);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(inFlight);
    },
  };
};
