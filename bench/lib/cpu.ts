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
const cpuMsOf = async (pid: number): Promise<number> => {
  const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
};

/** CPU ms used so far by each process of a source, by pid. */
export type CpuReading = ReadonlyMap<number, number>;

/** Where CPU time is read from: a name and how to read its processes' totals now. */
export type CpuSources = Readonly<Record<string, () => Promise<CpuReading>>>;

/** One process, by pid. */
export const processCpu = (pid: number) => async (): Promise<CpuReading> =>
  new Map([[pid, await cpuMsOf(pid)]]);

/**
 * Every PostgreSQL process of this machine (server, backends, background writers). Backends
 * come and go (a pool closes connections idle for 10 s), so a figure compares them pid by pid.
 */
export const postgresCpu = async (): Promise<CpuReading> => {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const readings = await Promise.all(
    pids.map(async (pid) => {
      const command = await readFile(`/proc/${String(pid)}/comm`, 'utf8').catch(() => '');
      // A process that ended between the listing and the read has nothing to say.
      return command.startsWith('postgres')
        ? cpuMsOf(pid).then(
            (ms): [number, number] => [pid, ms],
            () => undefined,
          )
        : undefined;
    }),
  );
  return new Map(readings.filter((r) => r !== undefined));
};

/** Readings of every source now, to be compared with a later {@link cpuSince}. */
export const cpuNow = async (sources: CpuSources): Promise<Record<string, CpuReading>> =>
  Object.fromEntries(
    await Promise.all(Object.entries(sources).map(async ([name, read]) => [name, await read()] as const)),
  );

/**
 * CPU µs each source used since `start`, per unit of work (request, event), rounded: what each
 * process alive now used since then (all of it for a process started since). A process that ended
 * meanwhile takes its time with it: for PostgreSQL, backends closed after idling, which had used
 * next to nothing.
 */
export const cpuSince = async (
  sources: CpuSources,
  start: Readonly<Record<string, CpuReading>>,
  units: number,
): Promise<Record<string, number>> => {
  const end = await cpuNow(sources);
  const used = (name: string) =>
    [...(end[name] ?? new Map<number, number>())].reduce(
      (sum, [pid, ms]) => sum + ms - (start[name]?.get(pid) ?? 0),
      0,
    );
  return Object.fromEntries(
    Object.keys(sources).map((name) => [name, units > 0 ? Math.round((used(name) * 1000) / units) : 0]),
  );
};
