import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'bench/.build/**', 'coverage/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly',
        clearImmediate: 'readonly', URL: 'readonly', queueMicrotask: 'readonly', AbortController: 'readonly',
        TextDecoder: 'readonly', TextEncoder: 'readonly', performance: 'readonly', structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      eqeqeq: ['error', 'always', {null: 'ignore'}],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // Only cli/ and tui/ may write to the terminal; everything else gets an injected writer.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/cli/**'],
    rules: {'no-console': 'error'},
  },
  {
    // Ink must be evaluated after src/tui/ink/hide-ci-env.ts (blank UI when CI is set otherwise).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/tui/ink.ts'],
    rules: {'no-restricted-imports': ['error', {paths: [{name: 'ink', message: "Import from src/tui/ink.ts: it hides CI from Ink's is-in-ci check."}]}]},
  },
);
