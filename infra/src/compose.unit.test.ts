// Checks docker-compose.yml against the code without a Docker engine (this machine has none):
// every service of the repository is there on the port and database its config.ts defaults to,
// published on 127.0.0.1 only, with its database created by the init script, and Redis given
// only to the service whose definition uses it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, repositoryServices } from './repository-services.ts';

interface ComposeService {
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const initSql = readFileSync(join(repoRoot, 'infra/docker/postgres/01-relais-databases.sql'), 'utf8');
/** What the stack runs besides the repository's services. */
const INFRASTRUCTURE = ['kafka', 'postgres', 'redis', 'topics'];

describe('docker-compose.yml', () => {
  it('runs every service of the repository and nothing else besides the infrastructure', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [...INFRASTRUCTURE, ...repositoryServices.map((s) => s.name)].sort(),
    );
  });

  it('publishes every port on 127.0.0.1 only', () => {
    for (const [name, service] of Object.entries(compose.services))
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^'?127\.0\.0\.1:/);
  });

  describe.each(repositoryServices)('$name', (service) => {
    const entry = compose.services[service.name] ?? {};
    const env = entry.environment ?? {};

    it("runs the service's main on the port and database its config defaults to", () => {
      expect(entry.command).toContain(`services/${service.name}/src/main.ts`);
      expect(String(env.PORT)).toBe(String(service.port));
      expect(entry.ports).toEqual([`127.0.0.1:${String(service.port)}:${String(service.port)}`]);
      expect(String(env.DATABASE_URL)).toBe(`postgres://postgres@postgres:5432/${service.database}`);
      expect(initSql).toContain(`'${service.database}'`);
    });

    it('is given Redis, and waits for it, only if its definition uses Redis', () => {
      expect('REDIS_URL' in env, 'REDIS_URL').toBe(service.usesRedis);
      expect('redis' in (entry.depends_on ?? {}), 'depends_on redis').toBe(service.usesRedis);
    });

    it('waits for PostgreSQL, Kafka and the topics', () => {
      expect(entry.depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        topics: { condition: 'service_completed_successfully' },
      });
    });
  });
});
