// CPU time of the processes a figure depends on, from /proc (Linux), so that a throughput figure
// comes with where its CPU went: on this 2-core machine the service, PostgreSQL and the broker
// share the same cores, and a ratio alone does not say which of them sets the pace.
import { readdir, readFile } from 'node:fs/promises';

/** /proc reports CPU times in clock ticks of USER_HZ, which Linux fixes at 100 per second. */
const MS_PER_TICK = 10;

/**
 * CPU time (user + system, every thread) a process has used so far, in ms. Fields 14 and 15 of
 * /proc/<pid>/stat, counted after the command name, which may hold spaces.
 */
export const cpuMsOf = async (pid: number): Promise<number> => {
  const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
};

/**
 * CPU time of every PostgreSQL process of this machine (server, backends, background writers),
 * in ms. A backend that exits meanwhile takes its time with it; the services' pools keep theirs.
 */
export const postgresCpuMs = async (): Promise<number> => {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const times = await Promise.all(
    pids.map(async (pid) => {
      const command = await readFile(`/proc/${String(pid)}/comm`, 'utf8').catch(() => '');
      // A process that ended between the listing and the read counts for nothing.
      return command.startsWith('postgres') ? cpuMsOf(pid).catch(() => 0) : 0;
    }),
  );
  return times.reduce((sum, ms) => sum + ms, 0);
};

/** Where CPU time is read from: a name and how to read its total so far (ms). */
export type CpuSources = Readonly<Record<string, () => Promise<number>>>;

/** Totals of every source now, to be compared with a later {@link cpuSince}. */
export const cpuNow = async (sources: CpuSources): Promise<Record<string, number>> =>
  Object.fromEntries(
    await Promise.all(Object.entries(sources).map(async ([name, read]) => [name, await read()] as const)),
  );

/** CPU µs each source used since `start`, per unit of work (request, event), rounded. */
export const cpuSince = async (
  sources: CpuSources,
  start: Readonly<Record<string, number>>,
  units: number,
): Promise<Record<string, number>> => {
  const end = await cpuNow(sources);
  return Object.fromEntries(
    Object.keys(sources).map((name) => [
      name,
      units > 0 ? Math.round((((end[name] ?? 0) - (start[name] ?? 0)) * 1000) / units) : 0,
    ]),
  );
};
