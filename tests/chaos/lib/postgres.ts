import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@relais/testing';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the scenario's own (Debian's binaries, trust auth, loopback only),
 * which it may stop in immediate mode and start again on the same data: the machine's shared
 * server, which other tests use, is never touched.
 */
export interface ChaosPostgres {
  /** A superuser URL (`postgres` database): what `startServiceGroup` takes as `postgresUrl`. */
  readonly url: string;
  readonly port: number;
  /** Whether the server is up (as far as this helper knows: it started it and did not stop it). */
  running(): boolean;
  /**
   * `pg_ctl stop -m immediate`: every backend is killed without a checkpoint, as a power cut
   * would; the next start runs crash recovery from the WAL.
   */
  stopImmediate(): Promise<void>;
  /** Starts it again on the same data directory and port (waits until it accepts connections). */
  start(): Promise<void>;
  /** `pg_terminate_backend` of every connection whose application_name is one of `names`; returns how many. */
  terminate(names: readonly string[]): Promise<number>;
  /** Stops it for good (fast mode, immediate after a while); the data goes with the work directory. */
  close(): Promise<void>;
}

/** Debian's newest PostgreSQL binaries (`/usr/lib/postgresql/<major>/bin`), or `PG_BIN` when set. */
export const postgresBinDir = async (): Promise<string> => {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const majors = (await readdir(root).catch(() => [] as string[]))
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(root, major, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error(`no PostgreSQL binaries under ${root} (set PG_BIN to their directory)`);
};

/** initdb refuses root: as root, the cluster's tools run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;

const command = (bin: string, tool: string, args: readonly string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), [...args]];

const userIds = async (): Promise<{ uid: number; gid: number } | undefined> => {
  if (!asRoot) return undefined;
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
};

/**
 * Initialises and starts a cluster in `dir` (created; it must not exist yet) on a free loopback
 * port, its unix socket inside `dir`. As root, `dir` is owned by `postgres` and its parent is
 * made traversable (not readable) by others, so the server can reach it.
 */
export const startChaosPostgres = async (
  dir: string,
  log: (line: string) => void,
): Promise<ChaosPostgres> => {
  const bin = await postgresBinDir();
  const data = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  const logFile = join(dir, 'postgres.log');
  await mkdir(socketDir, { recursive: true });
  const ids = await userIds();
  if (ids) {
    const parent = dirname(dir);
    await chmod(parent, (await stat(parent)).mode | 0o011);
    for (const path of [dir, socketDir]) await chown(path, ids.uid, ids.gid);
  }
  const tool = async (name: string, args: readonly string[], timeoutMs: number) => {
    const [file, argv] = command(bin, name, args);
    try {
      return await run(file, argv, { cwd: dir, timeout: timeoutMs });
    } catch (error) {
      const tail = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(
        `${name} ${args.join(' ')} failed: ${error instanceof Error ? error.message : String(error)}\n${tail.slice(-1500)}`,
        { cause: error },
      );
    }
  };
  await tool(
    'initdb',
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
    120000,
  );
  const port = await freePort();
  // Loopback and the work directory's socket only; no fsync (a killed server still recovers from
  // its WAL: only an operating-system crash would need it).
  await appendFile(
    join(data, 'postgresql.conf'),
    [
      '',
      '# relais chaos cluster',
      "listen_addresses = '127.0.0.1'",
      `port = ${String(port)}`,
      `unix_socket_directories = '${socketDir}'`,
      'max_connections = 100',
      'shared_buffers = 32MB',
      'fsync = off',
      'full_page_writes = off',
      "log_min_messages = 'warning'",
      '',
    ].join('\n'),
  );
  let up = false;
  const start = async () => {
    await tool('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '90', 'start'], 120000);
    up = true;
    log(`[postgres] started on 127.0.0.1:${String(port)}`);
  };
  const stop = async (mode: 'immediate' | 'fast') => {
    await tool('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop'], 90000);
    up = false;
  };
  // If the scenario's process dies before closing, the server must not outlive it.
  const onExit = () => {
    if (up) {
      const [file, argv] = command(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      spawnSync(file, argv, { timeout: 20000, stdio: 'ignore' });
    }
  };
  process.once('exit', onExit);
  await start();
  const url = `postgres://postgres@127.0.0.1:${String(port)}/postgres`;
  return {
    url,
    port,
    running: () => up,
    async stopImmediate() {
      log('[postgres] pg_ctl stop -m immediate');
      await stop('immediate');
    },
    start,
    async terminate(names) {
      const client = new pg.Client({ connectionString: url, application_name: 'relais-chaos' });
      client.on('error', () => undefined);
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n
             FROM pg_stat_activity WHERE application_name = ANY($1::text[]) AND pid <> pg_backend_pid()`,
          [names],
        );
        return rows[0]?.n ?? 0;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    async close() {
      process.removeListener('exit', onExit);
      if (!up) return;
      try {
        await stop('fast');
      } catch {
        await stop('immediate');
      }
      log('[postgres] stopped');
    },
  };
};
