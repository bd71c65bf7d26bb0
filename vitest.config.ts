import { defineConfig } from 'vitest/config';

const roots = ['packages/*/src', 'services/*/src', 'services/*/test', 'infra/src', 'tests'];

export default defineConfig({
  test: {
    pool: 'forks',
    // Two cores: integration files each hold a database and Kafka clients; e2e files start processes.
    maxWorkers: 2,
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
