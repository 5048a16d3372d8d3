// Lint: type-checked typescript-eslint rules, and the layers of docs/architecture.md as import rules per zone —
// the measure core imports nothing above it, workflows only the core and their messages, and nothing the workflow
// bundle loads may import a Node built-in (determinism).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const builtins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)].map((name) => ({
  name,
  message: 'Code the workflow bundle loads must be deterministic: no Node built-ins.',
}));

/**
 * Outside the core, the core is its index, never the files behind it — or its words (src/measure/words.ts: names and
 * lists that load nothing), for code that must not hold the machine (the worker's main thread).
 */
const coreFromOutside = {
  regex: '(^|/)src/measure/(?!words$).+|^\\.\\.?/measure/(?!words$).+|^\\.\\./\\.\\./measure/(?!words$).+',
  message: 'Import the measure core through src/measure (its index) or src/measure/words, not the files behind it.',
};

const restrict = (...patterns) => ['error', { paths: [], patterns }];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '**/.scratch/',
      'node_modules/',
      '.data/',
      '.tools/',
      'coverage/',
      'bin/',
      'scripts/*.js',
      '*.config.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Interfaces and use cases: the core through its index; the workflow through its messages (its code is the
    // worker bundle's; a client starts it by type name).
    files: ['src/**/*.ts', 'activities/**/*.ts'],
    ignores: ['src/measure/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(coreFromOutside, {
        regex: '(^|/)workflows/measure\\.workflow$',
        allowTypeImports: true,
        message: 'Only the worker loads workflow code: import its type, and talk to it through measure.messages.',
      }),
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': restrict(coreFromOutside) },
  },
  {
    // The boundary schemas are the bottom layer: zod, and each other.
    files: ['src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        regex: '^\\.\\./',
        message: 'src/domain holds the boundary schemas and imports nothing of duban above them.',
      }),
    },
  },
  {
    // The measure core: pure, loaded in the workflow sandbox and preloaded by the worker.
    files: ['src/measure/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtins,
          patterns: [
            {
              // chinese-days: only its holiday JSON (plain data), for the working-day calendar.
              regex: '^(?!xstate$|chinese-days/dist/chinese-days\\.json$|\\.\\.?/)',
              message:
                'The measure core imports no package but xstate and the holiday data (no zod, no Temporal): it runs in the sandbox.',
            },
            {
              regex: '^\\.\\./(?!domain/)',
              message: 'The measure core imports nothing above it (see docs/architecture.md).',
            },
            {
              regex: '^\\.\\./domain/',
              allowTypeImports: true,
              message: 'Only types from src/domain: its zod schemas must not load in the workflow sandbox.',
            },
          ],
        },
      ],
    },
  },
  {
    // The Temporal adapter: the core, its own messages, the workflow SDK; types from the boundary and activities.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtins,
          patterns: [
            {
              regex: '^(?!@temporalio/workflow$|@temporalio/common$|\\.\\.?/)',
              message: 'Workflow code imports the workflow SDK, the measure core and its messages only.',
            },
            {
              regex: '^@temporalio/common$',
              allowTypeImports: true,
              message: 'Only types from @temporalio/common: the sandbox gets its runtime from @temporalio/workflow.',
            },
            {
              regex: '^\\.\\./(?!src/measure$|src/domain/|activities/)',
              message: 'Workflows import only the measure core (src/measure) and their messages.',
            },
            {
              regex: '^\\.\\./(src/domain|activities)/',
              allowTypeImports: true,
              message: 'Only types from src/domain and activities/: they must not load in the workflow sandbox.',
            },
          ],
        },
      ],
    },
  },
);
