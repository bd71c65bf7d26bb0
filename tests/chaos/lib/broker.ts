import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKafka, stopKafka, type KafkaBrokerOptions } from '@relais/infra';
import { freePort } from '@relais/testing';

/** A Kafka broker of the scenario's own, which it may stop, kill and start again. */
export interface ChaosBroker {
  readonly brokers: string[];
  /** Stops the broker (SIGTERM: controlled shutdown, or SIGKILL: a crash) and starts it again on the same data. */
  restart(signal: 'SIGTERM' | 'SIGKILL', downMs?: number): Promise<void>;
  /** Stops it for good (the data directory goes with the scenario's work directory). */
  close(): Promise<void>;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts a single-node KRaft broker on free loopback ports with its data under `workDir`: a
 * scenario that restarts the broker must not take down the one other tests share.
 */
export const startChaosBroker = async (
  workDir: string,
  log: (line: string) => void,
): Promise<ChaosBroker> => {
  const options: KafkaBrokerOptions = {
    port: await freePort(),
    controllerPort: await freePort(),
    dataDir: join(workDir, 'kafka'),
    heapMb: 384,
    log: (line) => log(`[kafka] ${line}`),
    // A run killed before its clean-up leaves no broker behind (each restart has its watchdog).
    owner: { pid: process.pid, removeDataDir: true },
  };
  let running = await startKafka(options);
  return {
    brokers: running.brokers,
    async restart(signal, downMs = 0) {
      if (signal === 'SIGTERM') {
        await stopKafka(options);
      } else {
        const pid = running.pid;
        if (pid === undefined) throw new Error('the chaos broker has no known pid');
        log(`[kafka] SIGKILL to broker pid ${String(pid)}`);
        // The broker runs detached, in a process group of its own.
        process.kill(-pid, 'SIGKILL');
        for (let i = 0; i < 250 && alive(pid); i++) await sleep(20);
      }
      if (downMs > 0) await sleep(downMs);
      running = await startKafka(options);
    },
    async close() {
      await stopKafka(options);
    },
  };
};
