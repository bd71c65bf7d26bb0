// The services of the repository as the deployment files must know them, read from each
// service's own config.ts and service.ts: for the tests that check the Kubernetes manifests and
// docker-compose.yml against the code, so a service added, renumbered or given Redis shows there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface RepositoryService {
  readonly name: string;
  /** The port its config.ts defaults to. */
  readonly port: number;
  /** The database its config.ts defaults to. */
  readonly database: string;
  /** Whether its definition has a consumer. */
  readonly consumer: boolean;
  /** Whether its definition says `usesRedis: true` (only then is it given Redis). */
  readonly usesRedis: boolean;
}

export const repositoryServices: readonly RepositoryService[] = readdirSync(join(repoRoot, 'services'), {
  withFileTypes: true,
})
  .filter(
    (entry) => entry.isDirectory() && existsSync(join(repoRoot, 'services', entry.name, 'src/config.ts')),
  )
  .map((entry) => {
    const source = readFileSync(join(repoRoot, 'services', entry.name, 'src/config.ts'), 'utf8');
    const defaults = /baseConfigSchema\(\{\s*port:\s*(\d+),\s*database:\s*'(\w+)'/.exec(source);
    if (!defaults) throw new Error(`services/${entry.name}/src/config.ts: no baseConfigSchema defaults`);
    const definition = readFileSync(join(repoRoot, 'services', entry.name, 'src/service.ts'), 'utf8');
    return {
      name: entry.name,
      port: Number(defaults[1]),
      database: defaults[2] ?? '',
      consumer: /^\s*consumer:/m.test(definition),
      usesRedis: /^\s*usesRedis:\s*true/m.test(definition),
    };
  });
