import { fileURLToPath } from 'node:url';
import { startChaosBroker } from './broker.ts';
import { chaosKafka } from './kafka.ts';
import {
  createTestDatabase,
  createTopics,
  freePort,
  startServiceProcess,
  testTokenEnv,
  uniquePrefix,
  type ServiceProcess,
  type TestDatabase,
} from '@relais/testing';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Where a scenario's services find the broker and their topics. */
export interface Messaging {
  readonly brokers: readonly string[];
  readonly prefix: string;
}

/** Several instances of one service on one database, as a scaled deployment runs them. */
export interface ServiceGroup {
  readonly name: string;
  readonly database: TestDatabase;
  /** The instance in slot `i` (throws when it is not running). */
  instance(i: number): ServiceProcess;
  /** Slots with a running instance. */
  running(): number[];
  /** Starts (or restarts) the instance of slot `i`, on the group's database. */
  start(i: number, env?: Readonly<Record<string, string>>): Promise<ServiceProcess>;
  /** SIGKILL: a crash, with no chance to commit or leave the group. */
  kill(i: number): Promise<void>;
  /** SIGTERM: a graceful stop. */
  stop(i: number): Promise<number | null>;
  /** Stops every instance and drops the database. */
  close(): Promise<void>;
}

/** Creates the prefix's topics on the broker. */
export const prepareTopics = (messaging: Messaging): Promise<void> =>
  createTopics(messaging.brokers, messaging.prefix);

/**
 * A group of `node services/<name>/src/main.ts` processes on a fresh database. The first
 * instance is started alone (it migrates and creates the service's database role), the others
 * after it, each on a port of its own.
 */
export const startServiceGroup = async (options: {
  readonly name: string;
  readonly instances: number;
  readonly postgresUrl: string;
  readonly redisUrl: string;
  readonly messaging: Messaging;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ServiceGroup> => {
  const database = await createTestDatabase(options.postgresUrl, `chaos_${options.name.replace(/-/g, '_')}`);
  const slots = new Map<number, ServiceProcess>();
  const ports = new Map<number, number>();
  const tokenEnv = await testTokenEnv();
  const start = async (i: number, env: Readonly<Record<string, string>> = {}) => {
    if (slots.has(i)) throw new Error(`${options.name}[${String(i)}] is already running`);
    const port = ports.get(i) ?? (await freePort());
    ports.set(i, port);
    const process = await startServiceProcess({
      name: `${options.name}[${String(i)}]`,
      entry: `${repositoryRoot}services/${options.name}/src/main.ts`,
      port,
      readyTimeoutMs: 120000,
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: options.redisUrl,
        KAFKA_BROKERS: options.messaging.brokers.join(','),
        KAFKA_TOPIC_PREFIX: options.messaging.prefix,
        LOG_LEVEL: 'info',
        // The broker's minimum: a killed member's partitions move on after 6 s.
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        JOBS_INTERVAL_MS: '500',
        ...tokenEnv,
        ...options.env,
        ...env,
      },
    });
    slots.set(i, process);
    return process;
  };
  const instance = (i: number) => {
    const found = slots.get(i);
    if (!found) throw new Error(`${options.name}[${String(i)}] is not running`);
    return found;
  };
  await start(0);
  for (let i = 1; i < options.instances; i++) await start(i);
  return {
    name: options.name,
    database,
    instance,
    running: () => [...slots.keys()],
    start,
    async kill(i) {
      await instance(i).kill();
      slots.delete(i);
    },
    async stop(i) {
      const code = await instance(i).stop();
      slots.delete(i);
      return code;
    },
    async close() {
      await Promise.all([...slots.values()].map((s) => s.stop()));
      slots.clear();
      await database.drop();
    },
  };
};

/** A broker of the scenario's own, a fresh topic prefix with its topics, and a client on it. */
export const startChaosMessaging = async (workDir: string, log: (line: string) => void, label: string) => {
  const broker = await startChaosBroker(workDir, log);
  const messaging: Messaging = { brokers: broker.brokers, prefix: uniquePrefix(label) };
  await prepareTopics(messaging);
  return { broker, messaging, kafka: chaosKafka(broker.brokers) };
};
