import { spawn, type ChildProcess } from 'node:child_process';
import { SERVICE_NODE_ARGS, strippedSourcesEnv } from '@relais/infra';
import { waitFor } from './wait-for.ts';

/** A service running as its own process, as in production. */
export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  /** Every JSON log line the process wrote so far. */
  readonly logs: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM and waits for a graceful exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL: a crash, with no chance to flush or commit. */
  kill(): Promise<void>;
}

/**
 * Starts `node <entry>` with the given environment (PATH's node is the pinned Node 24 under
 * pnpm) and resolves once GET /health/ready answers 200.
 */
export const startServiceProcess = async (options: {
  readonly name: string;
  readonly entry: string;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly readyTimeoutMs?: number;
}): Promise<ServiceProcess> => {
  const child: ChildProcess = spawn(process.execPath, [...SERVICE_NODE_ARGS, options.entry], {
    env: {
      ...process.env,
      ...(await strippedSourcesEnv()),
      ...options.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ raw: line });
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${String(options.port)}`;
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  try {
    // waitFor takes a thrown error for "not yet": an exit is returned, so it ends the wait at once.
    const state = await waitFor(
      async () => {
        if (dead) return 'exited' as const;
        const res = await fetch(`${url}/health/ready`).catch(() => undefined);
        return res?.status === 200 ? ('ready' as const) : undefined;
      },
      { timeoutMs: options.readyTimeoutMs ?? 60000, intervalMs: 100, what: `${options.name} to be ready` },
    );
    if (state === 'exited') throw new Error(`${options.name} exited: ${stderr.join('').slice(-2000)}`);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name: options.name,
    url,
    logs,
    exited,
    async stop(timeoutMs = 15000) {
      if (dead) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (!dead) child.kill('SIGKILL');
      await exited;
    },
  };
};
