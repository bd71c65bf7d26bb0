import type { ServiceProcess } from '@relais/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceGroup } from './services.ts';

/**
 * Watches a group's processes as a process supervisor would: every process that ran is kept
 * (for its logs), an exit nobody asked for is a crash (logged with the process's last lines),
 * and crashed slots can be started again.
 */
export interface CrashWatch {
  /** Every process of the group that ran so far, in the order they started. */
  readonly processes: readonly ServiceProcess[];
  /** Exits nobody asked for so far. */
  crashes(): number;
  /** Starts (or restarts) slot `i` through the group, watching the new process. */
  start(i: number, env?: Readonly<Record<string, string>>): Promise<ServiceProcess>;
  /** Starts slot `i`, trying again (up to `attempts` times) when a start fails; whether it started. */
  startRetrying(i: number, attempts?: number): Promise<boolean>;
  /** Starts that failed so far (the process died before it was ready). */
  failedStarts(): number;
  /** Stops slot `i` gracefully (an exit asked for). */
  stop(i: number): Promise<void>;
  /**
   * Starts again every slot whose process exited on its own (each up to `attempts` times, a
   * start failing when the process dies before it is ready); how many came back and how many
   * starts failed.
   */
  revive(attempts?: number): Promise<{ readonly revived: number; readonly failedStarts: number }>;
  /** From now on exits are asked for (call before closing the group). */
  closing(): void;
}

/** Supervises `group`'s running processes and those started through it. */
export const watchCrashes = (group: ServiceGroup, log: (line: string) => void): CrashWatch => {
  const processes: ServiceProcess[] = [];
  const asked = new Set<ServiceProcess>();
  const dead = new Set<ServiceProcess>();
  let closing = false;
  let crashes = 0;
  const watch = (p: ServiceProcess) => {
    processes.push(p);
    void p.exited.then((code) => {
      dead.add(p);
      if (closing || asked.has(p)) return;
      crashes += 1;
      const last = p.logs.slice(-2).map((line) => JSON.stringify(line).slice(0, 400));
      log(`${p.name} exited on its own (code ${String(code)}); its last lines: ${last.join(' | ')}`);
    });
    return p;
  };
  for (const i of group.running()) watch(group.instance(i));
  let failedStarts = 0;
  const startRetrying = async (i: number, attempts = 3): Promise<boolean> => {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        watch(await group.start(i));
        return true;
      } catch (error) {
        failedStarts += 1;
        log(
          `${group.name}[${String(i)}] failed to start: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
        );
        await sleep(1000);
      }
    }
    return false;
  };
  return {
    processes,
    crashes: () => crashes,
    async start(i, env) {
      return watch(await group.start(i, env));
    },
    startRetrying,
    failedStarts: () => failedStarts,
    async stop(i) {
      asked.add(group.instance(i));
      await group.stop(i);
    },
    async revive(attempts = 3) {
      let revived = 0;
      const failedBefore = failedStarts;
      for (const i of group.running()) {
        const p = group.instance(i);
        if (!dead.has(p)) continue;
        // Frees the slot (the process is gone already).
        asked.add(p);
        await group.kill(i);
        if (await startRetrying(i, attempts)) revived += 1;
      }
      return { revived, failedStarts: failedStarts - failedBefore };
    },
    closing() {
      closing = true;
    },
  };
};
