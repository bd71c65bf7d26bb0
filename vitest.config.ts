import { defineConfig } from 'vitest/config';

const roots = ['packages/*/src', 'services/*/src', 'services/*/test', 'infra/src', 'tests'];

export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores: integration files each hold a database and Kafka clients; e2e files start processes.
    maxWorkers: 2,
    // kafkajs 2.2.4 schedules a negative timeout once per process (harmless: Node uses 1 ms).
    execArgv: ['--disable-warning=TimeoutNegativeWarning'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: roots.map((r) => `${r}/**/*.unit.test.ts`) },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: roots.flatMap((r) => [`${r}/**/*.int.test.ts`, `${r}/**/*.e2e.test.ts`]),
          globalSetup: ['tests/global-setup.ts'],
          testTimeout: 60000,
          hookTimeout: 180000,
        },
      },
    ],
  },
});
