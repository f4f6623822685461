import { defineConfig } from 'vitest/config';

/**
 * One vitest project per kind of test, so each can be run alone
 * (`npx vitest --project integration`) and `npm test` runs them all.
 */
export default defineConfig({
  test: {
    // Handlers log JSON lines; tests that check logs raise the level themselves.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    // Coverage of the Lambda code by the unit and integration tests, from V8's own counters
    // (no instrumented copy, so the run is barely slower). `npm run coverage` runs those two
    // projects with it, and `npm test` does the same before the infra and browser projects, so
    // the suite runs once. Below a floor the run fails; raise the floors as tests are added.
    coverage: {
      provider: 'v8',
      include: ['functions/**/*.ts'],
      reporter: ['text-summary', ['text', { skipFull: true }], 'html'],
      reportsDirectory: '.artifacts/coverage',
      thresholds: {
        'functions/**/*.ts': { statements: 95, branches: 85, functions: 95, lines: 95 },
        'functions/contract/**/*.ts': { statements: 95, branches: 85, functions: 95, lines: 95 },
      },
    },
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Runs the real `npm run build` on a copy of the sources.
        test: {
          name: 'build',
          include: ['tests/build/**/*.test.ts'],
          testTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // A page's answer waits on a handler that may be cold (first import) on a busy
          // machine: polls give it seconds, not vitest's default second.
          expect: { poll: { timeout: 15_000 } },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
