import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code, offline) and `integration` (a real Temporal server started once in globalSetup).
// The Temporal SDK's native module has crashed under worker threads: run test files in forked processes.
// Every test fails, by name, if an error escapes all handlers while it runs (tests/setup/unhandled-errors.ts).
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          pool: 'forks',
          setupFiles: ['tests/setup/unhandled-errors.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          pool: 'forks',
          globalSetup: ['tests/integration/global-setup.ts'],
          setupFiles: ['tests/setup/unhandled-errors.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
