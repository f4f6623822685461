import { defineConfig } from 'vitest/config';

/**
 * One vitest project per kind of test, so each can be run alone
 * (`npx vitest --project integration`) and `npm test` runs them all.
 */
export default defineConfig({
  test: {
    // Handlers log JSON lines; tests that check logs raise the level themselves.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
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
