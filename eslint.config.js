// Type-aware linting: no-floating-promises and no-misused-promises matter in Kafka handlers
// and fastify hooks, where a forgotten await loses an error or an offset.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'scripts/bootstrap.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // The domain is pure: no infrastructure in deciders (ENGINEERING.md, "Layout").
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['pg', 'kafkajs', 'ioredis', 'fastify', '@relais/messaging', '@relais/service-kit'],
          patterns: ['node:*'],
        },
      ],
    },
  },
  {
    // expect.objectContaining() and friends are typed `any` by design.
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
    },
  },
  // JavaScript a service loads before any TypeScript (infra/src/stripped-loader.mjs): no type information.
  { files: ['eslint.config.js', 'infra/src/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
