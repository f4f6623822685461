/**
 * Mutation testing (`npm run mutation`) of the code every lead goes through: the field rules and
 * consent the page and the API share, the submit core, the notify core and the emails. Stryker
 * changes one operator, condition or literal at a time and reruns the tests that cover that line;
 * a change no test notices ("survived") is a gap in the tests, unless it is equivalent (changes
 * nothing observable). It prints the score; it is not part of `npm test`.
 */
/**
 * The files mutated, in groups that `npm run mutation` (tests/mutation/run.mjs) runs one after
 * another, each saved in the incremental file as soon as it is done.
 */
export const GROUPS = {
  // What the page and the API share (functions/contract/): the field rules and limits, consent,
  // attribution fields, the HTML escaper and phone numbers. The form's HTML renderer (form*.ts,
  // layout.ts) is left out to keep the run short; add 'functions/contract/**/*.ts' to take it in.
  shared: [
    'functions/contract/lead-schema.ts',
    'functions/contract/consent.ts',
    'functions/contract/attribution-fields.ts',
    'functions/contract/html.ts',
    'functions/lib/phone.ts',
  ],
  // The submit path's core, its table writes and its own DynamoDB client.
  submit: [
    'functions/submit/submit-lead.ts',
    'functions/lib/lead-store.ts',
    'functions/lib/dynamodb-json.ts',
  ],
  // The notify path's core and what it sends.
  notify: ['functions/notify/notify-leads.ts', 'functions/notify/stored-lead.ts'],
  email: [
    'functions/lib/email/*.ts',
    '!functions/lib/email/ses-sender.ts',
    '!functions/lib/email/types.ts',
  ],
};

export default {
  mutate: Object.values(GROUPS).flat(),
  testRunner: 'vitest',
  // The tests of those files only (unit tests, and the submit core on DynamoDB Local).
  vitest: { configFile: 'tests/mutation/vitest.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // A mutant of a module-level value (a table of rules, a pattern, a constant) runs in every
  // test file that loads the module, outside any one test, so it is rerun against every test
  // with the module reloaded (it stops at the first failing test). Not ignored: with
  // `ignoreStatic`, such a mutant that one test also loads inside its body (a handler reloaded
  // after `vi.resetModules()`) is rerun against that one test only, and reads as survived
  // though a unit test of the module kills it (the HTML entity table, the UUID pattern).
  ignoreStatic: false,
  // The machine is shared; two sandboxes, each with its own emulators, are plenty.
  concurrency: 2,
  timeoutMS: 20_000,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['.data', 'cdk.out', 'web/dist', '.artifacts', 'coverage', 'dist'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '.artifacts/mutation/index.html' },
  jsonReporter: { fileName: '.artifacts/mutation/report.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 85, break: null },
  cleanTempDir: 'always',
  // Later runs retest only the mutants whose code or tests changed (`--force` retests all). The
  // file is written when a run ends: run.mjs runs group by group so a stopped run keeps most.
  incremental: true,
  incrementalFile: '.artifacts/mutation/incremental.json',
};
