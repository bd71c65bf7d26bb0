// `npm run bench` (`-- --quick` for small sizes): the chain, its physical floor, replay,
// matching, the API and memory, measured on the real stack in one run, printed as a table and
// written to bench/results/latest.json. Everything started here is stopped at the end. A
// missed target is reported, not an error: only a benchmark that cannot run exits non-zero.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKafka, tcpReachable } from '@relais/infra';
import { createTestDatabase, createTopics, uniquePrefix, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import { api } from './api.ts';
import { burst, clockOffset, measure, prepareTrials, steady, type ChainTarget } from './e2e.ts';
import { clientE2e, clientFigures, clientRoundTrips } from './client.ts';
import { commitFloor, kafkaFloor } from './floor.ts';
import { cpuNow, cpuSince, postgresCpu, processCpu, type CpuSources } from './lib/cpu.ts';
import {
  ROOT,
  SERVICE_NAMES,
  serviceEntry,
  startProcess,
  type BenchProcess,
  type Memory,
  type ServiceName,
} from './lib/stack.ts';
import { fixed } from './lib/stats.ts';
import { matching } from './matching.ts';
import { burstCpuFigure, render, targets, writeResults, type BenchResults } from './report.ts';
import { replay } from './replay.ts';

const quick = process.argv.includes('--quick');
// The chain once more with each Kafka client (trial-period restarted twice): about a minute.
const clientChain = !process.argv.includes('--no-client-e2e');
const SIZES = quick
  ? {
      matching: [10_000, 50_000],
      warmup: 10,
      steady: 60,
      perSec: 20,
      burst: 30,
      floor: 100,
      commits: 200,
      clientSteady: 40,
      apiMs: 3000,
      replay: 10_000,
    }
  : {
      matching: [10_000, 50_000, 200_000],
      warmup: 30,
      steady: 400,
      perSec: 20,
      burst: 200,
      floor: 500,
      commits: 1000,
      clientSteady: 200,
      apiMs: 10_000,
      replay: 100_000,
    };

const env = process.env;
const pgServer = env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const kafkaPort = Number(env.RELAIS_BENCH_KAFKA_PORT ?? 19792);
const tenantId = '0190a000-0000-7000-8000-0000000be0c1';
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const cleanups: (() => Promise<unknown>)[] = [];
const cleanUp = async () => {
  while (cleanups.length > 0)
    await cleanups
      .pop()?.()
      .catch((error: unknown) => say(`cleanup: ${String(error)}`));
};
process.on('SIGINT', () => {
  say('interrupted; stopping what was started');
  void cleanUp().then(() => process.exit(130));
});

const load = () => loadavg().map((n) => fixed(n));

const pomKafkaVersion = async () =>
  /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(
    await readFile(join(ROOT, 'infra', 'kafka', 'pom.xml'), 'utf8'),
  )?.[1] ?? 'unknown';

const postgresVersion = async () => {
  const client = new pg.Client({ connectionString: pgServer });
  await client.connect();
  try {
    return (
      (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ??
      'unknown'
    );
  } finally {
    await client.end();
  }
};

const memoryOfAll = async (services: Map<ServiceName, BenchProcess>) =>
  Object.fromEntries(
    await Promise.all([...services].map(async ([name, s]) => [name, await s.memory()] as const)),
  );

/** One figure of each service's memory, by name. */
const each = <T>(memory: Record<string, Memory>, figure: (m: Memory) => T) =>
  Object.fromEntries(Object.entries(memory).map(([name, m]) => [name, figure(m)]));

const database = async (label: string): Promise<TestDatabase> => {
  const db = await createTestDatabase(pgServer, label);
  cleanups.push(() => db.drop());
  return db;
};

const main = async (): Promise<void> => {
  const loadAverageStart = load();
  say(`load average ${loadAverageStart.join(' ')}; ${quick ? 'quick sizes' : 'full sizes'}`);
  say('matching…');
  const matched = matching(SIZES.matching);

  if (!(await tcpReachable(pgServer, 5432))) throw new Error(`PostgreSQL does not answer at ${pgServer}`);
  if (!(await tcpReachable(redisUrl, 6379))) throw new Error(`Redis does not answer at ${redisUrl}`);
  const logDir = await mkdtemp(join(tmpdir(), 'relais-bench-logs-'));
  const kafkaDir = await mkdtemp(join(tmpdir(), 'relais-bench-kafka-'));
  cleanups.push(() => rm(kafkaDir, { recursive: true, force: true }));
  const kafka = await startKafka({
    port: kafkaPort,
    dataDir: kafkaDir,
    log: (line) => say(`kafka: ${line}`),
    // A bench killed before its clean-up leaves no broker behind.
    owner: { pid: process.pid, removeDataDir: true },
  });
  cleanups.push(() => kafka.stop());
  // Another broker there (a test run's) would be measured instead, and could stop mid-run.
  if (!kafka.startedByUs)
    throw new Error(
      `a Kafka broker already answers on port ${String(kafkaPort)}: set RELAIS_BENCH_KAFKA_PORT to a free port`,
    );
  const brokers = kafka.brokers;
  const prefix = uniquePrefix('bench');
  await createTopics(brokers, prefix);

  const dbs = new Map<ServiceName, TestDatabase>();
  for (const name of SERVICE_NAMES) dbs.set(name, await database(`bench_${name.replace('-', '_')}`));
  say(`starting the four services (logs in ${logDir})…`);
  const started = await Promise.all(
    SERVICE_NAMES.map(async (name) => {
      const service = await startProcess({
        name,
        entry: serviceEntry(name),
        logDir,
        env: {
          DATABASE_URL: dbs.get(name)?.url ?? '',
          REDIS_URL: redisUrl,
          KAFKA_BROKERS: brokers.join(','),
          KAFKA_TOPIC_PREFIX: prefix,
          LOG_LEVEL: 'info',
        },
      });
      cleanups.push(() => service.stop());
      return [name, service] as const;
    }),
  );
  const services = new Map(started);
  const processOf = (name: ServiceName): BenchProcess => {
    const service = services.get(name);
    if (!service) throw new Error(`${name} was not started`);
    return service;
  };
  const url = (name: ServiceName) => services.get(name)?.url ?? '';
  const dbUrl = (name: ServiceName) => dbs.get(name)?.url ?? '';
  // Consumers join their groups after /health/ready; let the processes settle before "idle".
  await sleep(5000);
  const idle = await memoryOfAll(services);

  say('floor: Kafka round trip and PostgreSQL commit…');
  const kafkaRoundTrip = await kafkaFloor(brokers, prefix, SIZES.floor);
  const commit = await commitFloor((await database('bench_floor')).url, SIZES.commits);
  say('client: round trips with kafkajs and @platformatic/kafka…');
  const clientTrips = await clientRoundTrips(brokers, prefix, SIZES.floor);

  const target: ChainTarget = {
    brokers,
    prefix,
    tenantId,
    trialPeriodUrl: url('trial-period'),
    trialPeriodDb: dbUrl('trial-period'),
    incomeContinuityDb: dbUrl('income-continuity'),
  };
  say('e2e: opening trials through PlacementStarted…');
  const trials = await prepareTrials(target, SIZES.warmup + SIZES.steady + SIZES.burst);
  const clock = await clockOffset(target.incomeContinuityDb);
  const warm = trials.slice(0, SIZES.warmup);
  await measure(target, await steady(target, warm, SIZES.perSec), clock, SIZES.perSec);
  say(`e2e: ${String(SIZES.steady)} outcomes at ${String(SIZES.perSec)}/s…`);
  const steadySent = await steady(
    target,
    trials.slice(SIZES.warmup, SIZES.warmup + SIZES.steady),
    SIZES.perSec,
  );
  const steadyFigure = await measure(target, steadySent, clock, SIZES.perSec);
  say(`e2e: burst of ${String(SIZES.burst)}…`);
  const kafkaPid = kafka.pid;
  const chainCpu: CpuSources = {
    ...Object.fromEntries(SERVICE_NAMES.map((name) => [name, processCpu(processOf(name).pid)])),
    postgres: postgresCpu,
    ...(kafkaPid === undefined ? {} : { kafka: processCpu(kafkaPid) }),
  };
  // What the processes use doing nothing (consumers' fetches, heartbeats, relays' polls), taken
  // off what they used during the burst, so the figure is the CPU the outcomes cost.
  const quietSec = 3;
  const cpuBeforeQuiet = await cpuNow(chainCpu);
  await sleep(quietSec * 1000);
  const idleUsPerSec = await cpuSince(chainCpu, cpuBeforeQuiet, quietSec);
  const cpuBeforeBurst = await cpuNow(chainCpu);
  const burstStartedAt = performance.now();
  const burstSent = await burst(target, trials.slice(SIZES.warmup + SIZES.steady));
  const burstFigure = await measure(target, burstSent, clock, null);
  const burstSec = (performance.now() - burstStartedAt) / 1000;
  const burstCpu = burstCpuFigure({
    usDuring: await cpuSince(chainCpu, cpuBeforeBurst, 1),
    idleUsPerSec,
    seconds: burstSec,
    outcomes: burstSent.length,
    cores: cpus().length,
  });
  const afterE2e = await memoryOfAll(services);

  say('api: 50 connections…');
  const apiFigures = await api({
    placementUrl: url('placement'),
    placementPid: processOf('placement').pid,
    placementDb: dbUrl('placement'),
    tenantId,
    logDir,
    connections: 50,
    durationMs: SIZES.apiMs,
    log: say,
  });
  const trialPeriod = services.get('trial-period');
  let clientChains = null;
  if (clientChain && trialPeriod) {
    say(
      `client: e2e with trial-period's relay on each client, ${String(SIZES.clientSteady)} at ${String(SIZES.perSec)}/s…`,
    );
    clientChains = await clientE2e({
      target,
      redisUrl,
      logDir,
      trialPeriod,
      clock,
      warmup: SIZES.warmup,
      steady: SIZES.clientSteady,
      perSec: SIZES.perSec,
    });
  }
  for (const s of services.values()) await s.stop();

  say(`replay: ${String(SIZES.replay)} events through a fresh income-continuity…`);
  const replayed = await replay({
    brokers,
    ...(kafkaPid === undefined ? {} : { kafkaPid }),
    postgresUrl: pgServer,
    redisUrl,
    tenantId,
    logDir,
    events: SIZES.replay,
    timeoutMs: quick ? 180_000 : 600_000,
    log: say,
  });

  const results: BenchResults = {
    date: new Date().toISOString(),
    quick,
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      kafka: await pomKafkaVersion(),
      kafkaClient: 'kafkajs 2.2.4',
      postgres: await postgresVersion(),
      loadAverageStart,
      loadAverageEnd: load(),
    },
    e2e: {
      trialEndedToIncomeReopened: { steady: steadyFigure, burst: burstFigure },
      ratioToFloorP50: fixed(steadyFigure.p50Ms / (kafkaRoundTrip.p50Ms + 2 * commit.p50Ms)),
      burstCpu,
      method:
        `From just before the HTTP request (this process's wall clock) to the audit row of the applied ` +
        `TrialEnded in income-continuity, written with the IncomeReopened outbox row (clock_timestamp(), the ` +
        `last statement before that transaction's COMMIT; the COMMIT itself, about one floor.commit, is not ` +
        `included). Clock offset PostgreSQL − Node measured at ` +
        `${clock.offsetMs.toFixed(3)} ms ± ${clock.uncertaintyMs.toFixed(3)} ms and subtracted. ` +
        `Warm-up: ${String(SIZES.warmup)} outcomes not counted.`,
    },
    floor: { ...kafkaRoundTrip, commit },
    replay: replayed,
    matching: matched,
    api: apiFigures,
    rssMb: { idle: each(idle, (m) => m.rssMb), afterE2e: each(afterE2e, (m) => m.rssMb) },
    rssPartsMb: {
      idle: each(idle, ({ anonMb, fileMb }) => ({ anonMb, fileMb })),
      afterE2e: each(afterE2e, ({ anonMb, fileMb }) => ({ anonMb, fileMb })),
    },
    client: await clientFigures(clientTrips, clientChains),
  };
  const checked = targets(results);
  process.stdout.write(`\n${render(results, checked)}\n`);
  const path = join(ROOT, 'bench', 'results', 'latest.json');
  await writeResults(path, results, checked);
  say(`written ${path}; service logs in ${logDir}`);
};

try {
  await main();
} catch (error) {
  say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
// Whatever a client library left scheduled must not keep a finished benchmark alive.
process.exit(process.exitCode ?? 0);
