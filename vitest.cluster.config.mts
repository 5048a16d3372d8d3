import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the production path on this machine (tests/cluster/global-setup.ts starts PostgreSQL,
// temporal-server, two duban workers and the API in production mode once). One file at a time: the files share
// that cluster, and the fault test kills its workers. Forked processes, as in vitest.config.mts.
export default defineConfig({
  test: {
    name: 'cluster',
    include: ['tests/cluster/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['tests/cluster/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
