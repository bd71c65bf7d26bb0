import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@relais/testing';

/** A Redis server of the scenario's own, which it may stop, kill and start again on the same port. */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>`: the same across restarts. */
  readonly url: string;
  readonly port: number;
  /** Whether the server process is running. */
  running(): boolean;
  /** SIGTERM (a clean shutdown), SIGKILL when it has not exited within the bound. */
  stop(): Promise<void>;
  /** SIGKILL: an outage with no warning. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is saved), once it answers PING. */
  start(): Promise<void>;
  /** Stops it for good (also when it is already down). */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const EXIT_TIMEOUT_MS = 5_000;

/** Whether a PING on a fresh connection is answered with PONG within `timeoutMs`. */
export const redisAnswers = (port: number, timeoutMs = 1000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });

const exitOf = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/**
 * Starts Debian's `redis-server` (on PATH) on a free loopback port, keeping nothing on disk: a
 * scenario that takes Redis down must not take down the one other tests share.
 */
export const startPrivateRedis = async (
  log: (line: string) => void = () => undefined,
): Promise<PrivateRedis> => {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const output: string[] = [];
  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const start = async () => {
    if (alive()) throw new Error(`redis on port ${String(port)} is already running`);
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    const keep = (chunk: Buffer) => output.push(chunk.toString('utf8'));
    started.stdout.on('data', keep);
    started.stderr.on('data', keep);
    const spawnFailed = new Promise<Error>((resolve) => started.once('error', resolve));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const failure = await Promise.race([spawnFailed, sleep(100).then(() => undefined)]);
      if (failure) throw new Error(`redis-server could not start: ${failure.message}`);
      if (!alive()) throw new Error(`redis-server exited at start: ${output.join('').slice(-1000)}`);
      if (await redisAnswers(port)) break;
      if (Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(
          `redis-server on port ${String(port)} did not answer within ${String(READY_TIMEOUT_MS)} ms`,
        );
      }
    }
    log(`[redis] up on port ${String(port)} (pid ${String(started.pid)})`);
  };

  const signal = async (name: 'SIGTERM' | 'SIGKILL') => {
    const running = child;
    if (!running || !alive()) return;
    const exited = exitOf(running);
    running.kill(name);
    const timer = setTimeout(() => running.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
    log(`[redis] ${name} to pid ${String(running.pid)}: down`);
  };

  await start();
  return {
    url: `redis://127.0.0.1:${String(port)}`,
    port,
    running: alive,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    start,
    close: () => signal('SIGTERM'),
  };
};
