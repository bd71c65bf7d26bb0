import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKafka } from '@relais/infra';
import { ensureTestServers } from '@relais/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    postgresUrl: string;
    redisUrl: string;
  }
}

/**
 * Starts what the tests need and nothing more: a Kafka broker of their own (port
 * RELAIS_TEST_KAFKA_PORT, default 19092, fresh data in a temp dir) unless one already answers
 * there, and checks PostgreSQL and Redis. Everything started here is stopped at the end.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { servers, stop: stopServers } = await ensureTestServers(process.env);
  const dataDir = await mkdtemp(join(tmpdir(), 'relais-test-kafka-'));
  const kafka = await startKafka({
    port: Number(process.env.RELAIS_TEST_KAFKA_PORT ?? 19092),
    dataDir,
    log: (line) => process.stderr.write(`[kafka] ${line}\n`),
    // A run killed before its teardown (a CI timeout, SIGKILL) leaves no broker behind.
    owner: { pid: process.pid, removeDataDir: true },
  });
  project.provide('kafkaBrokers', kafka.brokers);
  project.provide('postgresUrl', servers.postgresUrl);
  project.provide('redisUrl', servers.redisUrl);
  return async () => {
    await kafka.stop();
    await rm(dataDir, { recursive: true, force: true });
    await stopServers();
  };
}
