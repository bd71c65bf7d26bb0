import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, SERVICE_NODE_ARGS, strippedSourcesEnv } from '@relais/infra';
import { testTokenEnv, waitFor } from '@relais/testing';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** The four services of the core chain, as in `npm start`. */
export const SERVICE_NAMES = ['placement', 'safety-visits', 'trial-period', 'income-continuity'] as const;
/** One of {@link SERVICE_NAMES}. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** A process started by the benchmark, stopped by it at the end. */
export interface BenchProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  /** Resident memory now, from /proc (Linux). */
  memory(): Promise<Memory>;
  /** SIGTERM, then SIGKILL after 15 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Resident memory of a process in MiB: all of it (VmRSS, what the target is about) and its two
 * parts. `anonMb` is the process's own (heaps, stacks); `fileMb` is the pages of mapped files
 * resident in its address space, mostly the node binary's code, shared by every service and
 * counted in each. The second depends on the page cache, not on the service: the same services
 * held 64 MB of it when run with /work/main's node and 91 MB with a fresh clone's copy of the same
 * binary (2026-12-06), so VmRSS moved by 27 MB with their own memory the same. A copy just written
 * is all in the page cache, and the kernel presumably maps cached pages around each fault:
 * `node -e` mapped 45–59 MB of such a copy against 34 MB of /work/main's, and 34 MB of every copy
 * once the page cache was dropped (`echo 1 > /proc/sys/vm/drop_caches`).
 */
export interface Memory {
  readonly rssMb: number;
  readonly anonMb: number;
  readonly fileMb: number;
}

export const memoryOf = async (pid: number): Promise<Memory> => {
  const status = await readFile(`/proc/${String(pid)}/status`, 'utf8');
  const mb = (field: string) => {
    const kb = Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return Math.round((kb / 1024) * 10) / 10;
  };
  return { rssMb: mb('VmRSS'), anonMb: mb('RssAnon'), fileMb: mb('RssFile') };
};

/**
 * Starts `node <entry>` (the pinned Node running this script) with its output appended to
 * `<logDir>/<name>.log` — services log at info as in production, and nothing here parses
 * their lines — and waits until GET /health/ready answers 200.
 */
export const startProcess = async (options: {
  readonly name: string;
  readonly entry: string;
  readonly env: Record<string, string>;
  readonly logDir: string;
  readonly readyPath?: string;
}): Promise<BenchProcess> => {
  const port = await freePort();
  const log = createWriteStream(join(options.logDir, `${options.name}.log`), { flags: 'a' });
  await once(log, 'open');
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, options.entry], {
    env: {
      ...process.env,
      ...(await testTokenEnv()),
      ...(await strippedSourcesEnv()),
      ...options.env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', log, log],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.name}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let dead = false;
  void exited.then(() => {
    dead = true;
    log.end();
  });
  const url = `http://127.0.0.1:${String(port)}`;
  const stop = async () => {
    if (dead) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(timer);
  };
  const died = exited.then(() => {
    throw new Error(
      `${options.name} exited during startup; see ${join(options.logDir, `${options.name}.log`)}`,
    );
  });
  try {
    await Promise.race([
      died,
      waitFor(
        async () => {
          const res = await fetch(`${url}${options.readyPath ?? '/health/ready'}`).catch(() => undefined);
          return dead || res?.status === 200;
        },
        { timeoutMs: 90000, intervalMs: 100, what: `${options.name} to be ready` },
      ),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  died.catch(() => undefined);
  return { name: options.name, pid, url, memory: () => memoryOf(pid), stop };
};

/** The entry point of a service. */
export const serviceEntry = (name: ServiceName): string => join(ROOT, 'services', name, 'src', 'main.ts');
