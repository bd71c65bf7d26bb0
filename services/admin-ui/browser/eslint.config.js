// Browser scripts: plain JS served as they are (no build step), outside the TypeScript project.
import js from '@eslint/js';

export default [
  js.configs.recommended,
  {
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', EventSource: 'readonly' },
    },
  },
  { files: ['eslint.config.js'], languageOptions: { sourceType: 'module', globals: {} } },
];
