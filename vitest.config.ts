import { defineConfig } from 'vitest/config';

// HTTP tests run once per database: the embedded one always, PostgreSQL when
// TEST_DATABASE_URL is set (CI sets it). Browser tests run last, one file at a time.
const httpProject = (name: string, db: 'pglite' | 'postgres') => ({
  test: {
    name,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['src/**/*.unit.test.ts', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    env: { TEST_DB: db, PASSWORD_HASH_COST: '10', LOG_LEVEL: 'silent' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.unit.test.ts'],
          setupFiles: ['test/setup.ts'],
          env: { PASSWORD_HASH_COST: '10' },
        },
      },
      httpProject('http:pglite', 'pglite'),
      ...(process.env.TEST_DATABASE_URL ? [httpProject('http:postgres', 'postgres')] : []),
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts', 'e2e/build-web.ts'],
          setupFiles: ['test/setup.ts'],
          env: { TEST_DB: 'pglite', PASSWORD_HASH_COST: '10', LOG_LEVEL: 'silent' },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
