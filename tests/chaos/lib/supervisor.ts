// NOTE (restored by the postgres-outage/slow-rebalance helper): this file was accidentally
// overwritten; this is a reconstruction from its use in scenarios/relay-crash.ts. Its author
// should compare it with their own version.
import type { ServiceProcess } from '@relais/testing';
import type { ServiceGroup } from './services.ts';
import type { Availability } from './trial-period.ts';

/** Restarts one slot of a group each time its process exits on its own, as a process supervisor would. */
export interface Supervisor {
  /** Exits nobody asked for so far (a start that died before being ready counts). */
  exits(): number;
  /** When the last such exit happened (ms since the epoch), or null. */
  lastExitAt(): number | null;
  /** Stops supervising (the slot's process keeps running); waits for a restart in progress. */
  stop(): Promise<void>;
}

/**
 * Watches slot `slot` of `group`: when its process exits, marks the service down in
 * `availability`, starts it again (up to `maxRestarts` times in all) and marks it up once ready.
 */
export const supervise = (
  group: ServiceGroup,
  slot: number,
  options: {
    readonly availability: Availability;
    readonly maxRestarts: number;
    readonly log: (line: string) => void;
  },
): Supervisor => {
  let stopped = false;
  let exits = 0;
  let restarts = 0;
  let lastExitAt: number | null = null;
  let restarting: Promise<void> = Promise.resolve();

  const watch = (p: ServiceProcess) => {
    void p.exited.then(() => {
      if (stopped) return;
      exits += 1;
      lastExitAt = Date.now();
      options.availability.down();
      restarting = restart();
    });
  };

  const restart = async (): Promise<void> => {
    await group.kill(slot).catch(() => undefined);
    while (!stopped && restarts < options.maxRestarts) {
      restarts += 1;
      try {
        const p = await group.start(slot);
        options.availability.up();
        watch(p);
        return;
      } catch (error) {
        // Died before it was ready: one more exit, one more start.
        exits += 1;
        lastExitAt = Date.now();
        options.log(
          `${group.name}[${String(slot)}] died while starting: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
        );
      }
    }
    options.availability.up();
    if (!stopped)
      options.log(`${group.name}[${String(slot)}]: no restart left (${String(options.maxRestarts)})`);
  };

  watch(group.instance(slot));
  return {
    exits: () => exits,
    lastExitAt: () => lastExitAt,
    async stop() {
      await restarting;
      stopped = true;
      await restarting;
    },
  };
};
