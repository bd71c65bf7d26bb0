import { fileURLToPath } from 'node:url';
import { freePort } from '@relais/infra';
import { testTokenEnv } from './auth.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { uniquePrefix } from './kafka.ts';
import { startServiceProcess, type ServiceProcess } from './process.ts';
import { createTopics, type TestInfra } from './service.ts';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A port nobody listens on right now, on the loopback, never handed out twice (see @relais/infra). */
export { freePort };

/** Services running as separate processes, each on its own database, sharing a topic prefix. */
export interface ProcessStack<N extends string> {
  readonly prefix: string;
  /** The running process of a service (throws if it is not running). */
  service(name: N): ServiceProcess;
  /** The database of a service, to check what it committed. */
  databaseUrl(name: N): string;
  /** Starts (or restarts, on the same database and port) a service. */
  start(name: N): Promise<ServiceProcess>;
  /** Kills a service with SIGKILL: a crash. */
  kill(name: N): Promise<void>;
  /** Stops a service with SIGTERM and returns its exit code. */
  stop(name: N): Promise<number | null>;
  /** Stops every service and drops their databases. */
  close(): Promise<void>;
}

/**
 * Starts services as production runs them — `node services/<name>/src/main.ts` — on fresh
 * databases and a fresh topic prefix, and resolves once each answers /health/ready.
 */
export const startProcessStack = async <N extends string>(options: {
  readonly names: readonly N[];
  readonly label: string;
  readonly infra: TestInfra;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ProcessStack<N>> => {
  const prefix = uniquePrefix(options.label);
  await createTopics(options.infra.kafkaBrokers, prefix);
  const databases = new Map<N, TestDatabase>();
  const ports = new Map<N, number>();
  const running = new Map<N, ServiceProcess>();
  for (const name of options.names) {
    databases.set(
      name,
      await createTestDatabase(options.infra.postgresUrl, `${options.label}_${name}`.replace(/-/g, '_')),
    );
    ports.set(name, await freePort());
  }
  const required = <T>(map: Map<N, T>, name: N): T => {
    const value = map.get(name);
    if (value === undefined) throw new Error(`${name} is not part of this stack or not running`);
    return value;
  };
  const start = async (name: N) => {
    const process = await startServiceProcess({
      name,
      entry: `${repositoryRoot}services/${name}/src/main.ts`,
      port: required(ports, name),
      env: {
        DATABASE_URL: required(databases, name).url,
        REDIS_URL: options.infra.redisUrl,
        KAFKA_BROKERS: options.infra.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'info',
        // The broker's minimum: a killed member's partitions move on after 6 s.
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        JOBS_INTERVAL_MS: '200',
        ...(await testTokenEnv()),
        ...options.env,
      },
    });
    running.set(name, process);
    return process;
  };
  await Promise.all(options.names.map(start));
  return {
    prefix,
    service: (name) => required(running, name),
    databaseUrl: (name) => required(databases, name).url,
    start,
    async kill(name) {
      await required(running, name).kill();
      running.delete(name);
    },
    async stop(name) {
      const code = await required(running, name).stop();
      running.delete(name);
      return code;
    },
    async close() {
      await Promise.all([...running.values()].map((s) => s.stop()));
      running.clear();
      for (const database of databases.values()) await database.drop();
    },
  };
};
