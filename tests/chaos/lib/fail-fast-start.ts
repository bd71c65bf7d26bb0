import { spawn } from 'node:child_process';
import { waitFor, type ServiceProcess, type startServiceProcess } from '@relais/testing';

type StartOptions = Parameters<typeof startServiceProcess>[0];

/**
 * `startServiceProcess` that rejects as soon as the process exits while starting. The one of
 * `@relais/testing` notices the exit only at its ready timeout (its `waitFor` takes the thrown
 * "exited" for "not ready yet"); a service that kills itself on purpose (RELAIS_FAULTS) may
 * well die before it is ready, and its supervisor must start it again at once.
 */
export const startServiceProcessFailFast = async (options: StartOptions): Promise<ServiceProcess> => {
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', options.entry], {
    env: { ...process.env, ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
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
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  let dead = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      dead = true;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${String(options.port)}`;
  let state: 'ready' | 'dead';
  try {
    state = await waitFor(
      async () => {
        if (dead) return 'dead' as const;
        const res = await fetch(`${url}/health/ready`).catch(() => undefined);
        return res?.status === 200 ? ('ready' as const) : undefined;
      },
      { timeoutMs: options.readyTimeoutMs ?? 60000, intervalMs: 100, what: `${options.name} to be ready` },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  if (state === 'dead')
    throw new Error(`${options.name} exited while starting: ${stderr.join('').slice(-2000)}`);
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
