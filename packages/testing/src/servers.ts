import { execFile } from 'node:child_process';
import { tcpReachable } from '@relais/infra';
import { promisify } from 'node:util';

/** Where the test servers are; read from the environment, defaulting to this machine's. */
export interface TestServers {
  /** A PostgreSQL URL with rights to create databases (its path is ignored). */
  readonly postgresUrl: string;
  readonly redisUrl: string;
}

/** Whether a Docker engine answers (the client alone is not enough). */
export const dockerEngineAnswers = async (): Promise<boolean> => {
  try {
    await promisify(execFile)('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
};

/**
 * Finds PostgreSQL and Redis for the tests: the servers named by TEST_POSTGRES_URL and
 * TEST_REDIS_URL (default: this machine's), or, only when those do not answer and a Docker
 * engine does, containers started with testcontainers. Returns a function stopping what it started.
 */
export const ensureTestServers = async (
  env: Record<string, string | undefined>,
): Promise<{ servers: TestServers; stop: () => Promise<void> }> => {
  let postgresUrl = env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let redisUrl = env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const stops: (() => Promise<unknown>)[] = [];
  const pgUp = await tcpReachable(postgresUrl, 5432);
  const redisUp = await tcpReachable(redisUrl, 6379);
  if ((!pgUp || !redisUp) && !(await dockerEngineAnswers())) {
    throw new Error(
      `PostgreSQL (${postgresUrl}: ${pgUp ? 'up' : 'down'}) and Redis (${redisUrl}: ${redisUp ? 'up' : 'down'}) must answer, ` +
        'or a Docker engine must run for testcontainers.',
    );
  }
  if (!pgUp || !redisUp) {
    const { GenericContainer, Wait } = await import('testcontainers');
    if (!pgUp) {
      const pg = await new GenericContainer('postgres:17')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
        .withExposedPorts(5432)
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start();
      stops.push(() => pg.stop());
      postgresUrl = `postgres://postgres@${pg.getHost()}:${String(pg.getMappedPort(5432))}/postgres`;
    }
    if (!redisUp) {
      const redis = await new GenericContainer('redis:7').withExposedPorts(6379).start();
      stops.push(() => redis.stop());
      redisUrl = `redis://${redis.getHost()}:${String(redis.getMappedPort(6379))}`;
    }
  }
  return {
    servers: { postgresUrl, redisUrl },
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
};
