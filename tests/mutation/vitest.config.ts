import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * The tests Stryker reruns for each mutant (tests/mutation/stryker.config.mjs): those that
 * exercise the mutated files, in one project so Stryker can map each line to its tests.
 */
export default defineConfig({
  test: {
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    include: [
      'tests/unit/contract/*.test.ts',
      'tests/unit/lib/lead-schema.test.ts',
      'tests/unit/lib/http.test.ts',
      'tests/unit/email/*.test.ts',
      'tests/unit/notify/*.test.ts',
      'tests/unit/web/form-page.test.ts',
      'tests/integration/submit-handler.test.ts',
      'tests/integration/submit-faults.test.ts',
    ],
    globalSetup: [fromRoot('tests/integration/global-setup.ts')],
    setupFiles: [fromRoot('tests/mutation/setup.ts')],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
