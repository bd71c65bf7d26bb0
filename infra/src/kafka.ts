// A single-node Apache Kafka 4.x broker (KRaft, combined broker+controller) for development
// and integration tests, started from Kafka's own jars: no Docker, no tarball. Maven
// resolves the broker's runtime classpath (infra/kafka/pom.xml) once into a cache outside
// the repository; `java -cp '<libs>/*' kafka.Kafka server.properties` then runs detached,
// in its own process group, so it outlives the CLI that started it.
//
// Layout of dataDir (default ~/.local/share/relais/kafka):
//   server.properties     generated on every start (ports may change between starts)
//   log4j2.properties     broker logging: everything goes to logs/server.log, never the console
//   logs/server.log       Log4j output, rolled at 10 MB (3 files kept)
//   broker.log            the JVM's stdout/stderr (crashes, JVM warnings), truncated per start
//   broker.pid            pid of the running broker (also its process-group id)
//   start.lock            held while a start or stop is in progress
//   watchdog.pid          pid of the watchdog of a broker with an owner (see `owner`)
//   data/                 log.dirs: partitions and the KRaft metadata log; data/meta.properties
//                         marks formatted storage
//
// This file is run directly by Node 24's type stripping: erasable TypeScript only.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { isRunning, processExists, signalGroup, startTimeOf, stopGroup, waitUntilGone } from './processes.ts';

/** Options shared by every function of this module; all fields are optional. */
export interface KafkaBrokerOptions {
  /** PLAINTEXT port on 127.0.0.1. Default: env `KAFKA_PORT`, else 9092. */
  port?: number;
  /** KRaft controller port on 127.0.0.1. Default: env `KAFKA_CONTROLLER_PORT`, else `port + 1000`. */
  controllerPort?: number;
  /**
   * Directory holding the broker's configuration, logs, pid file and partition data.
   * Default: `$RELAIS_DATA_DIR/kafka`, else `~/.local/share/relais/kafka`.
   */
  dataDir?: string;
  /**
   * Cache for the jars resolved by Maven (`<cacheDir>/kafka-<version>/libs`).
   * Default: env `RELAIS_CACHE_DIR`, else `~/.cache/relais`.
   */
  cacheDir?: string;
  /** Maximum JVM heap of the broker, in MiB. Default 512. */
  heapMb?: number;
  /**
   * Kafka version to resolve and run. Default: env `RELAIS_KAFKA_VERSION`, else the
   * `kafka.version` property of infra/kafka/pom.xml (the version this repository is tested with).
   */
  version?: string;
  /** Receives progress messages (one line each, no trailing newline). Default: discard. */
  log?: (line: string) => void;
  /**
   * The process whose end stops the broker: a test run, a benchmark, `npm start`. Default none:
   * the CLI's broker outlives the CLI. A detached watchdog (watchdog.ts) looks at the owner every
   * 0.5 s and, once it is gone however it ended (a SIGKILL or a timeout runs no teardown), stops
   * the broker as {@link stopKafka} does and, with `removeDataDir`, removes its data directory
   * (a temporary one). Only for a broker this call starts; {@link stopKafka} ends the watchdog.
   */
  owner?: { readonly pid: number; readonly removeDataDir?: boolean };
}

/** A broker reachable on 127.0.0.1, as returned by {@link startKafka}. */
export interface RunningKafka {
  /** Bootstrap servers for clients, e.g. `['127.0.0.1:9092']`. */
  brokers: string[];
  /**
   * True when this call spawned the broker. False when a broker already answered on the
   * port (started earlier by the CLI, another test run or something else); then
   * {@link RunningKafka.stop} does nothing, so tests never stop a broker they did not start.
   */
  startedByUs: boolean;
  /** Pid (and process-group id) of the broker when known from our pid file. */
  pid?: number;
  /** Stops the broker if this call started it (see {@link stopKafka}); otherwise a no-op. */
  stop(): Promise<void>;
}

/** What {@link kafkaStatus} found. */
export interface KafkaStatus {
  /** Bootstrap servers the broker would answer on. */
  brokers: string[];
  /** The directory whose pid file and data were inspected. */
  dataDir: string;
  /** Pid from `<dataDir>/broker.pid`, if the file exists. */
  pid: number | undefined;
  /** Whether that pid is a live Kafka broker process. */
  pidAlive: boolean;
  /** Whether a Kafka broker answers a metadata request on 127.0.0.1:port (whoever started it). */
  answering: boolean;
}

interface Resolved {
  port: number;
  controllerPort: number;
  dataDir: string;
  cacheDir: string;
  heapMb: number;
  version: string;
  log: (line: string) => void;
}

const HOST = '127.0.0.1';
const POM_PATH = fileURLToPath(new URL('../kafka/pom.xml', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const KAFKA_MAIN = 'kafka.Kafka';

const intOption = (
  value: number | undefined,
  env: string | undefined,
  fallback: number,
  name: string,
): number => {
  const raw = value ?? (env !== undefined && env !== '' ? Number(env) : fallback);
  if (!Number.isInteger(raw) || raw < 1 || raw > 65535) {
    throw new Error(`invalid ${name}: ${String(value ?? env)} (expected an integer between 1 and 65535)`);
  }
  return raw;
};

/** The kafka.version property of infra/kafka/pom.xml. */
const pomKafkaVersion = (): string => {
  const match = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(readFileSync(POM_PATH, 'utf8'));
  if (!match?.[1]) throw new Error(`no <kafka.version> property in ${POM_PATH}`);
  return match[1];
};

const resolveOptions = (opts: KafkaBrokerOptions): Resolved => {
  const env = process.env;
  const port = intOption(opts.port, env.KAFKA_PORT, 9092, 'Kafka port');
  const controllerPort = intOption(
    opts.controllerPort,
    env.KAFKA_CONTROLLER_PORT,
    port + 1000 <= 65535 ? port + 1000 : port - 1000,
    'Kafka controller port',
  );
  if (controllerPort === port) throw new Error(`Kafka port and controller port are both ${port}`);
  const heapMb = opts.heapMb ?? 512;
  if (!Number.isInteger(heapMb) || heapMb < 128) throw new Error(`invalid heapMb ${heapMb} (at least 128)`);
  const version = opts.version ?? (env.RELAIS_KAFKA_VERSION || pomKafkaVersion());
  if (!/^[0-9][0-9A-Za-z.-]*$/.test(version))
    throw new Error(`invalid Kafka version ${JSON.stringify(version)}`);
  return {
    port,
    controllerPort,
    dataDir:
      opts.dataDir ??
      (env.RELAIS_DATA_DIR
        ? join(env.RELAIS_DATA_DIR, 'kafka')
        : join(homedir(), '.local', 'share', 'relais', 'kafka')),
    cacheDir: opts.cacheDir ?? (env.RELAIS_CACHE_DIR || join(homedir(), '.cache', 'relais')),
    heapMb,
    version,
    log: opts.log ?? (() => {}),
  };
};

const files = (dataDir: string) => ({
  serverProperties: join(dataDir, 'server.properties'),
  log4jConfig: join(dataDir, 'log4j2.properties'),
  logDir: join(dataDir, 'logs'),
  serverLog: join(dataDir, 'logs', 'server.log'),
  brokerLog: join(dataDir, 'broker.log'),
  pidFile: join(dataDir, 'broker.pid'),
  watchdogPidFile: join(dataDir, 'watchdog.pid'),
  lockFile: join(dataDir, 'start.lock'),
  kafkaData: join(dataDir, 'data'),
});

const javaBin = (): string => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

/** Escapes a value for a java.util.Properties file (backslashes, e.g. Windows paths). */
const prop = (value: string): string => value.replaceAll('\\', '\\\\');

/**
 * The last `lines` lines of a text file written after byte `from` (so that an appended log
 * shows only the current run, unless it rolled over meanwhile), or '' when it does not exist.
 */
const tail = async (path: string, lines: number, from = 0): Promise<string> => {
  const bytes = await readFile(path).catch(() => Buffer.alloc(0));
  const text = bytes.subarray(bytes.length >= from ? from : 0).toString('utf8');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
};

/** Runs a command to completion, keeping the end of its combined output for error messages. */
const run = async (
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ code: number | null; output: string }> => {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-64_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  try {
    const [code] = (await once(child, 'close')) as [number | null];
    // ANSI colour codes that `mvn -q` prints even in batch mode.
    // eslint-disable-next-line no-control-regex
    return { code, output: output.replace(/\u001b\[[0-9;]*m/g, '') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${command} not found: install it or fix PATH (JAVA_HOME for java)`, { cause: error });
    }
    throw error;
  }
};

const LOCK_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL, holding our pid), so
 * that concurrent starts (parallel test files, two terminals) neither resolve the same jars
 * nor spawn two brokers on one data directory. A lock whose owner process is gone is stale
 * and taken over; waiting is bounded by 10 minutes (the first Maven resolution included).
 */
const withLock = async <T>(
  lockFile: string,
  log: (line: string) => void,
  fn: () => Promise<T>,
): Promise<T> => {
  await mkdir(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let announced = false;
  for (;;) {
    try {
      await writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readPid(lockFile);
    const age = await stat(lockFile).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (owner === undefined ? age > 10_000 : !processExists(owner)) {
      await rm(lockFile, { force: true }); // stale: its owner died without removing it
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile} (held by pid ${owner})`);
    if (!announced) {
      log(`waiting for another process (pid ${owner ?? '?'}) holding ${lockFile}`);
      announced = true;
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
};

/**
 * Makes sure the broker's jars are in `<cacheDir>/kafka-<version>/libs` and returns that
 * directory (use it as the classpath `'<libs>/*'`). The first call runs
 * `mvn dependency:copy-dependencies` on infra/kafka/pom.xml (Maven Central is the only
 * source of jars); a marker file, keyed on the version and the pom's content, lets later
 * calls skip Maven entirely.
 */
export async function resolveKafkaClasspath(opts: KafkaBrokerOptions = {}): Promise<string> {
  const o = resolveOptions(opts);
  const versionDir = join(o.cacheDir, `kafka-${o.version}`);
  const libs = join(versionDir, 'libs');
  const marker = join(versionDir, '.resolved');
  const stamp = `kafka ${o.version} pom-sha256 ${createHash('sha256').update(readFileSync(POM_PATH)).digest('hex')}`;
  const resolved = async (): Promise<boolean> =>
    (await readFile(marker, 'utf8').catch(() => '')).trim() === stamp &&
    existsSync(join(libs, `kafka_2.13-${o.version}.jar`));
  if (await resolved()) return libs;
  await withLock(join(versionDir, '.lock'), o.log, async () => {
    if (!(await resolved())) await copyJars(o, versionDir, libs, marker, stamp);
  });
  return libs;
}

/** Runs Maven into a staging directory, moves it to `libs` and writes the marker. */
const copyJars = async (o: Resolved, versionDir: string, libs: string, marker: string, stamp: string) => {
  o.log(`resolving Kafka ${o.version} jars from Maven Central into ${libs} (first time only)`);
  // Copy into a private directory and rename it into place, so that a concurrent or
  // interrupted resolution never leaves a half-filled libs directory behind a marker.
  const staging = join(versionDir, `libs.tmp-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  const started = Date.now();
  const { code, output } = await run('mvn', [
    '-B',
    '-q',
    '-f',
    POM_PATH,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${staging}`,
    '-DincludeScope=runtime',
    `-Dkafka.version=${o.version}`,
  ]);
  if (code !== 0 || !existsSync(join(staging, `kafka_2.13-${o.version}.jar`))) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(
      `Maven could not resolve Kafka ${o.version} (mvn exited with ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`,
    );
  }
  await rm(marker, { force: true });
  await rm(libs, { recursive: true, force: true });
  await rename(staging, libs);
  await writeFile(marker, `${stamp}\n`);
  o.log(`resolved Kafka ${o.version} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
};

/** Whether something accepts TCP connections on host:port (within timeoutMs). */
const tcpOpen = (port: number, timeoutMs = 1000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });

/**
 * One metadata round trip (kafkajs admin `describeCluster()`); true when a broker answers
 * and lists at least one unfenced broker.
 */
const answersMetadata = async (brokers: string[], timeoutMs: number): Promise<boolean> => {
  const kafka = new Kafka({
    clientId: 'relais-infra-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 3000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error('timeout'));
    }, timeoutMs);
  });
  try {
    const cluster = await Promise.race([
      (async () => {
        await admin.connect();
        return admin.describeCluster();
      })(),
      timeout,
    ]);
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => {});
  }
};

/**
 * Waits until a Kafka broker answers a metadata request (kafkajs admin `describeCluster()`)
 * on one of `brokers`, polling every 250 ms. Rejects after `timeoutMs`, or as soon as
 * `signal` is aborted (with its reason).
 */
export async function waitForKafka(
  brokers: string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    if (await answersMetadata(brokers, Math.min(Math.max(remaining, 500), 5000))) return;
    signal?.throwIfAborted();
    if (Date.now() + 250 >= deadline) break;
    await sleep(250, undefined, signal ? { signal } : {}).catch(() => {});
  }
  throw new Error(`Kafka did not answer on ${brokers.join(',')} within ${Math.round(timeoutMs / 1000)} s`);
}

const readPid = async (pidFile: string): Promise<number | undefined> => {
  const text = await readFile(pidFile, 'utf8').catch(() => undefined);
  const pid = text === undefined ? NaN : Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
};

/** Whether pid is a live (non-zombie) process; on Linux also that it runs kafka.Kafka. */
const isBrokerAlive = (pid: number): boolean => isRunning(pid, KAFKA_MAIN);
const waitForExit = (pid: number, timeoutMs: number): Promise<boolean> =>
  waitUntilGone(pid, KAFKA_MAIN, timeoutMs);

/** A Kafka cluster id: 16 random bytes, base64url without padding, never starting with '-'. */
const newClusterId = (): string => {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
};

const serverProperties = (o: Resolved, kafkaData: string): string =>
  [
    '# Generated by infra/src/kafka.ts on every start; edits are overwritten.',
    '# Single-node KRaft: this process is both the broker and the only controller.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${HOST}:${o.controllerPort}`,
    `listeners=PLAINTEXT://${HOST}:${o.port},CONTROLLER://${HOST}:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${o.port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${prop(kafkaData)}`,
    '',
    '# Topics: created explicitly by the services (no auto-creation), one replica.',
    'auto.create.topics.enable=false',
    'num.partitions=3',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=10',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    '',
    '# Small footprint for a 2-core development machine.',
    'num.network.threads=2',
    'num.io.threads=2',
    'num.replica.fetchers=1',
    'num.recovery.threads.per.data.dir=1',
    'background.threads=2',
    'group.coordinator.threads=1',
    'log.cleaner.threads=1',
    'log.cleaner.dedupe.buffer.size=16777216',
    'log.segment.bytes=134217728',
    'log.retention.hours=168',
    'log.retention.check.interval.ms=300000',
    '',
  ].join('\n');

const log4jProperties = (serverLog: string): string =>
  [
    '# Generated by infra/src/kafka.ts: the broker logs to a rolling file, never to the console.',
    'status = warn',
    'name = relais-kafka',
    // Kafka shuts down in its own JVM shutdown hook; Log4j's hook would stop logging first.
    'shutdownHook = disable',
    'appender.file.type = RollingFile',
    'appender.file.name = file',
    `appender.file.fileName = ${prop(serverLog)}`,
    `appender.file.filePattern = ${prop(serverLog)}.%i`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 10MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 3',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = file',
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    '',
  ].join('\n');

const javaArgs = (o: Resolved, libs: string, log4jConfig: string, logDir: string): string[] => [
  `-Xms${Math.min(o.heapMb, 256)}m`,
  `-Xmx${o.heapMb}m`,
  // Kafka's own defaults (kafka-run-class.sh).
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
  `-Dlog4j2.configurationFile=${log4jConfig}`,
  `-Dkafka.logs.dir=${logDir}`,
  '-cp',
  join(libs, '*'),
];

const describeFailure = async (
  what: string,
  f: ReturnType<typeof files>,
  serverLogFrom = 0,
): Promise<string> => {
  const console = await tail(f.brokerLog, 40);
  const server = await tail(f.serverLog, 30, serverLogFrom);
  return [
    what,
    console && `--- ${f.brokerLog} (last lines) ---\n${console}`,
    server && `--- ${f.serverLog} (last lines) ---\n${server}`,
  ]
    .filter(Boolean)
    .join('\n');
};

/** Formats the KRaft storage (data/meta.properties) unless it already is. */
const formatStorage = async (o: Resolved, libs: string, f: ReturnType<typeof files>): Promise<void> => {
  if (existsSync(join(f.kafkaData, 'meta.properties'))) return;
  const clusterId = newClusterId();
  o.log(`formatting Kafka storage in ${f.kafkaData} (cluster id ${clusterId})`);
  const { code, output } = await run(
    javaBin(),
    [
      ...javaArgs({ ...o, heapMb: 256 }, libs, f.log4jConfig, f.logDir),
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id',
      clusterId,
      '--config',
      f.serverProperties,
      '--ignore-formatted',
    ],
    { cwd: o.dataDir },
  );
  if (code !== 0) throw new Error(`formatting Kafka storage failed (exit ${code}):\n${output.trim()}`);
};

/**
 * Starts a single-node Kafka broker on 127.0.0.1:port, or reuses one that already answers
 * there. A new broker is resolved (see {@link resolveKafkaClasspath}), configured, formatted
 * on first use and spawned detached (own process group; stdout/stderr to
 * `<dataDir>/broker.log`; pid in `<dataDir>/broker.pid`), so it keeps running after the
 * calling process exits. Resolves once it answers a metadata request; rejects after 60 s,
 * or as soon as the JVM exits, with the tail of its logs.
 */
export async function startKafka(opts: KafkaBrokerOptions = {}): Promise<RunningKafka> {
  const o = resolveOptions(opts);
  return withLock(files(o.dataDir).lockFile, o.log, () => startLocked(o, opts));
}

const startLocked = async (o: Resolved, opts: KafkaBrokerOptions): Promise<RunningKafka> => {
  const f = files(o.dataDir);
  const brokers = [`${HOST}:${o.port}`];
  const noop = async (): Promise<void> => {};

  // Already running? Either answering, or our own broker still starting up.
  const knownPid = await readPid(f.pidFile);
  const ourPid = knownPid !== undefined && isBrokerAlive(knownPid) ? knownPid : undefined;
  if (await tcpOpen(o.port)) {
    if (await answersMetadata(brokers, 5000)) {
      o.log(`Kafka already answers on ${brokers.join(',')}`);
      return { brokers, startedByUs: false, ...(ourPid ? { pid: ourPid } : {}), stop: noop };
    }
    if (ourPid === undefined) {
      throw new Error(
        `port ${o.port} on ${HOST} is in use by something that does not answer as a Kafka broker`,
      );
    }
  }
  if (ourPid !== undefined) {
    o.log(`Kafka broker (pid ${ourPid}) is starting; waiting for it`);
    await waitForKafka(brokers, START_TIMEOUT_MS).catch(async (error: unknown) => {
      throw new Error(await describeFailure((error as Error).message, f), { cause: error });
    });
    return { brokers, startedByUs: false, pid: ourPid, stop: noop };
  }
  if (await tcpOpen(o.controllerPort)) {
    throw new Error(
      `controller port ${o.controllerPort} on ${HOST} is already in use (set controllerPort / KAFKA_CONTROLLER_PORT)`,
    );
  }

  const libs = await resolveKafkaClasspath(opts);
  await mkdir(f.logDir, { recursive: true });
  await mkdir(f.kafkaData, { recursive: true });
  await writeFile(f.serverProperties, serverProperties(o, f.kafkaData));
  await writeFile(f.log4jConfig, log4jProperties(f.serverLog));
  await formatStorage(o, libs, f);

  const serverLogFrom = await stat(f.serverLog).then(
    (s) => s.size,
    () => 0,
  );
  o.log(`starting Kafka ${o.version} on ${brokers.join(',')} (data in ${o.dataDir})`);
  const out = openSync(f.brokerLog, 'w');
  const child = spawn(
    javaBin(),
    [...javaArgs(o, libs, f.log4jConfig, f.logDir), KAFKA_MAIN, f.serverProperties],
    {
      cwd: o.dataDir,
      detached: true,
      stdio: ['ignore', out, out],
    },
  );
  closeSync(out);
  const exited = new AbortController();
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    exited.abort(new Error(`the Kafka JVM exited during startup (${signal ?? `exit code ${code}`})`));
  };
  child.once('exit', onExit);
  try {
    await once(child, 'spawn');
  } catch (error) {
    throw new Error(`could not run ${javaBin()}: ${(error as Error).message} (is Java 17+ installed?)`, {
      cause: error,
    });
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not run ${javaBin()}`);
  child.unref();
  await writeFile(f.pidFile, `${pid}\n`);

  try {
    // Before the wait: an owner killed while the broker starts leaves nothing either.
    if (opts.owner) await startWatchdog(opts.owner, pid, o.dataDir);
    await waitForKafka(brokers, START_TIMEOUT_MS, exited.signal);
  } catch (error) {
    const reason = exited.signal.aborted ? (exited.signal.reason as Error).message : (error as Error).message;
    signalGroup(pid, 'SIGKILL');
    await waitForExit(pid, 5000);
    if ((await readPid(f.pidFile)) === pid) await rm(f.pidFile, { force: true });
    throw new Error(await describeFailure(`Kafka did not start: ${reason}`, f, serverLogFrom), {
      cause: error,
    });
  } finally {
    child.off('exit', onExit);
  }
  o.log(`Kafka answers on ${brokers.join(',')} (pid ${pid})`);
  return { brokers, startedByUs: true, pid, stop: () => stopKafka(opts) };
};

/** The watchdog's script (see `owner` in {@link KafkaBrokerOptions}). */
const WATCHDOG = fileURLToPath(new URL('./watchdog.ts', import.meta.url));

/** Starts the watchdog that stops `broker` once `owner` is gone, and records its pid. */
const startWatchdog = async (
  owner: NonNullable<KafkaBrokerOptions['owner']>,
  broker: number,
  dataDir: string,
): Promise<void> => {
  const f = files(dataDir);
  const child = spawn(
    process.execPath,
    [
      WATCHDOG,
      String(owner.pid),
      startTimeOf(owner.pid),
      String(broker),
      KAFKA_MAIN,
      String(STOP_TIMEOUT_MS),
      f.pidFile,
      f.watchdogPidFile,
      owner.removeDataDir ? dataDir : '',
    ],
    // Its own session: a signal to the owner's process group (a CI timeout) does not reach it.
    { detached: true, stdio: 'ignore' },
  );
  await once(child, 'spawn');
  child.unref();
  if (child.pid !== undefined) await writeFile(f.watchdogPidFile, `${String(child.pid)}\n`);
};

/**
 * Stops the broker recorded in `<dataDir>/broker.pid`: SIGTERM to its process group (a
 * controlled shutdown), SIGKILL if it is still alive after 30 s, then removes the pid file.
 * Does nothing (except removing a stale pid file) when no broker of ours is running.
 */
export async function stopKafka(opts: KafkaBrokerOptions = {}): Promise<void> {
  const o = resolveOptions(opts);
  // Waits for a start in progress on the same data directory, then stops what it started.
  await withLock(files(o.dataDir).lockFile, o.log, () => stopLocked(o));
}

const stopLocked = async (o: Resolved): Promise<void> => {
  const { pidFile, watchdogPidFile } = files(o.dataDir);
  // The watchdog first: one party stops the broker, not two.
  const watchdog = await readPid(watchdogPidFile);
  if (watchdog !== undefined && isRunning(watchdog, WATCHDOG)) {
    process.kill(watchdog, 'SIGTERM');
    await waitUntilGone(watchdog, WATCHDOG, 5000);
  }
  await rm(watchdogPidFile, { force: true });
  const pid = await readPid(pidFile);
  if (pid === undefined || !isBrokerAlive(pid)) {
    await rm(pidFile, { force: true });
    return;
  }
  o.log(`stopping Kafka broker (pid ${pid})`);
  const gone = await stopGroup(pid, KAFKA_MAIN, {
    termTimeoutMs: STOP_TIMEOUT_MS,
    onKill: () =>
      o.log(`Kafka broker (pid ${pid}) still alive after ${STOP_TIMEOUT_MS / 1000} s; killing it`),
  });
  if (!gone) throw new Error(`Kafka broker (pid ${pid}) survived SIGKILL`);
  // A broker spawned by this very process stays a zombie until Node reaps it (on SIGCHLD,
  // in the event loop): give that a moment so that the pid is really gone on return.
  for (let i = 0; i < 50 && processExists(pid); i++) await sleep(20);
  await rm(pidFile, { force: true });
  o.log('Kafka broker stopped');
};

/** Reports whether the broker of `<dataDir>/broker.pid` is alive and whether Kafka answers on the port. */
export async function kafkaStatus(opts: KafkaBrokerOptions = {}): Promise<KafkaStatus> {
  const o = resolveOptions(opts);
  const brokers = [`${HOST}:${o.port}`];
  const pid = await readPid(files(o.dataDir).pidFile);
  const pidAlive = pid !== undefined && isBrokerAlive(pid);
  const answering = (await tcpOpen(o.port)) && (await answersMetadata(brokers, 5000));
  return { brokers, dataDir: o.dataDir, pid, pidAlive, answering };
}
