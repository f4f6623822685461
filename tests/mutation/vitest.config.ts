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
      // The shared layer: field rules, consent, the email address rule, escaping.
      'tests/unit/contract/lead-schema-*.test.ts',
      'tests/unit/contract/email-address.test.ts',
      'tests/unit/contract/html.test.ts',
      'tests/unit/lib/lead-schema.test.ts',
      'tests/unit/lib/phone-policy.test.ts',
      'tests/unit/lib/phone-desk-format.test.ts',
      // Each mutated module imported inside a test: a module-level value that throws is then a
      // failing test (in the other files it fails the file before any test runs, which Stryker
      // does not count as a failure).
      'tests/unit/lib/module-load.test.ts',
      'tests/unit/web/form-page.test.ts',
      // The notify path: its core, its settings (address and time-zone checks) and the emails.
      'tests/unit/email/*.test.ts',
      'tests/unit/notify/*.test.ts',
      // The submit path's own DynamoDB client (signing, retries, errors, the typed form) and its
      // table writes.
      'tests/unit/lib/dynamodb-json.test.ts',
      'tests/unit/lib/lead-store.test.ts',
      // The submit core, through the handler on DynamoDB Local.
      'tests/integration/submit-core.test.ts',
      'tests/integration/submit-handler.test.ts',
      'tests/integration/submit-edges.test.ts',
      'tests/integration/submit-faults.test.ts',
    ],
    globalSetup: [fromRoot('tests/integration/global-setup.ts')],
    setupFiles: [fromRoot('tests/mutation/setup.ts')],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
