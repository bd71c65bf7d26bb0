// `npm start`: starts the whole system on this machine and stops it all on Ctrl-C.
// Kafka from its own jars (infra/), one database per service on the local PostgreSQL,
// migrations (each service migrates its own database at start), then the four services
// as separate processes. Their JSON logs go to files; warnings and errors are echoed here.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  ensureDatabases,
  SERVICE_DATABASES,
  startKafka,
  tcpReachable,
  type RunningKafka,
  SERVICE_NODE_ARGS,
  strippedSourcesEnv,
} from '@relais/infra';
import { demoCpasSpecs, demoDataConfig, generateDemoPlan, loadDemoData } from '@relais/demo-data';
import { createPlatformTopics } from '@relais/messaging';
import { belgianDay, createTokenSigner, generateServiceTokenKeys } from '@relais/service-kit';

const root = join(import.meta.dirname, '..');
const env = process.env;
const dataDir = env.RELAIS_DATA_DIR ?? join(homedir(), '.local', 'share', 'relais');
const logDir = join(dataDir, 'logs');
const pgServer = env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const SERVICES = [
  { name: 'admin-ui', port: 3000 },
  { name: 'placement', port: 3001 },
  { name: 'safety-visits', port: 3002 },
  { name: 'trial-period', port: 3003 },
  { name: 'income-continuity', port: 3004 },
  { name: 'committee', port: 3005 },
  { name: 'notifications', port: 3006 },
  { name: 'statistics', port: 3007 },
] as const;

const say = (line: string) => process.stdout.write(`${line}\n`);
// Demo data like the demo accounts: on by default here, refused outside development.
const demo = demoDataConfig({ ...env, DEMO_DATA: env.DEMO_DATA ?? env.DEMO_ACCOUNTS ?? 'true' });

const children: { name: string; child: ChildProcess }[] = [];
let kafka: RunningKafka | undefined;
let stopping = false;

const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  say('\nStopping Relais…');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            resolve();
            return;
          }
          const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (kafka?.startedByUs) {
    say('Stopping Kafka…');
    await kafka.stop();
  }
  say('Stopped.');
  process.exit(code);
};

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

// A fresh signing key pair at every development start, kept in memory only: the edge signs
// with the private key, every service verifies with the public one, and nothing is on disk.
const keys = await generateServiceTokenKeys();
// The services' TypeScript, stripped once here for all of them (infra/src/stripped-loader.mjs).
const stripped = await strippedSourcesEnv();

const startServiceProcess = (name: string, port: number, brokers: readonly string[]) => {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(
    process.execPath,
    [...SERVICE_NODE_ARGS, join(root, 'services', name, 'src', 'main.ts')],
    {
      env: {
        ...env,
        ...stripped,
        PORT: String(port),
        DATABASE_URL: `${pgServer.replace(/\/[^/]*$/, '')}/${SERVICE_DATABASES[name as keyof typeof SERVICE_DATABASES]}`,
        REDIS_URL: redisUrl,
        KAFKA_BROKERS: brokers.join(','),
        SERVICE_TOKEN_PUBLIC_KEY: keys.publicKey,
        ...(name === 'admin-ui'
          ? {
              SERVICE_TOKEN_PRIVATE_KEY: keys.privateKey,
              DEMO_ACCOUNTS: env.DEMO_ACCOUNTS ?? 'true',
              // A local start is plain HTTP on 127.0.0.1: Secure cookies would never be set.
              COOKIE_SECURE: env.COOKIE_SECURE ?? 'false',
              COMMITTEE_URL: 'http://127.0.0.1:3005',
              NOTIFICATIONS_URL: 'http://127.0.0.1:3006',
              STATISTICS_URL: 'http://127.0.0.1:3007',
            }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level && Number(level) >= 40) say(`[${name}] ${line}`);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk);
    process.stderr.write(`[${name}] ${chunk.toString('utf8')}`);
  });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} exited (${signal ?? String(code)}); see ${join(logDir, `${name}.log`)}`);
      void stopAll(1);
    }
  });
  children.push({ name, child });
};

const url = (name: (typeof SERVICES)[number]['name']) =>
  `http://127.0.0.1:${String(SERVICES.find((s) => s.name === name)?.port)}`;

/** Loads the demo data through the services' APIs, signing as the edge would (first start only: idempotent). */
const loadDemo = async () => {
  say('Loading the demo data through the services (DEMO_DATA=false skips it)…');
  const signer = await createTokenSigner(keys.privateKey);
  const report = await loadDemoData({
    services: {
      placement: url('placement'),
      safetyVisits: url('safety-visits'),
      trialPeriod: url('trial-period'),
      incomeContinuity: url('income-continuity'),
      committee: url('committee'),
    },
    sign: (principal) => signer.sign(principal),
    plan: generateDemoPlan({
      seed: demo.DEMO_DATA_SEED,
      today: belgianDay(new Date()),
      cpas: demoCpasSpecs(demo.DEMO_DATA_SIZE),
    }),
  });
  for (const c of report.cpas) {
    say(
      `  ${c.name}: ${String(c.referred)} people and ${String(c.hostsRegistered)} hosts added, ${String(c.skipped)} people there already`,
    );
    for (const failure of c.failures) say(`    not loaded: ${failure}`);
  }
  say(`Demo data ready in ${(report.ms / 1000).toFixed(1)} s.`);
};

const waitReady = async (name: string, port: number) => {
  const deadline = Date.now() + 90000;
  while (Date.now() < deadline && !stopping) {
    const res = await fetch(`http://127.0.0.1:${String(port)}/health/ready`).catch(() => undefined);
    if (res?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not become ready on port ${String(port)}`);
};

try {
  mkdirSync(logDir, { recursive: true });
  if (!(await tcpReachable(pgServer, 5432)))
    throw new Error(`PostgreSQL does not answer at ${pgServer} (set DATABASE_SERVER_URL)`);
  if (!(await tcpReachable(redisUrl, 6379)))
    throw new Error(`Redis does not answer at ${redisUrl} (set REDIS_URL)`);
  say('Starting Kafka (the first start resolves its jars from Maven Central; later starts take seconds)…');
  kafka = await startKafka({
    dataDir: join(dataDir, 'kafka'),
    log: (line) => say(`  kafka: ${line}`),
    // Stopped with `npm start` even when it cannot stop it (a closed terminal, a SIGKILL); its data stays.
    owner: { pid: process.pid },
  });
  await createPlatformTopics(kafka.brokers, env.KAFKA_TOPIC_PREFIX ?? '');
  const created = await ensureDatabases(pgServer, Object.values(SERVICE_DATABASES));
  if (created.length > 0) say(`Created databases: ${created.join(', ')}`);
  for (const s of SERVICES) startServiceProcess(s.name, s.port, kafka.brokers);
  await Promise.all(SERVICES.map((s) => waitReady(s.name, s.port)));
  say('\nRelais is running (logs in ' + logDir + '):');
  for (const s of SERVICES) {
    const url = `http://127.0.0.1:${String(s.port)}`;
    say(`  ${s.name.padEnd(18)} ${url}   API: ${url}/openapi.json   health: ${url}/health/ready`);
  }
  say(`  kafka              ${kafka.brokers.join(',')}`);
  say('\nOpen the admin UI at http://127.0.0.1:3000 and sign in with a demo account of the README');
  say('(password relais-demo-2026). Press Ctrl-C to stop everything.');
  if (demo.DEMO_DATA)
    void loadDemo().catch((error: unknown) => {
      if (!stopping) say(`Demo data not loaded: ${error instanceof Error ? error.message : String(error)}`);
    });
} catch (error) {
  process.stderr.write(
    `\nRelais could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await stopAll(1);
}
