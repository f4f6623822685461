/**
 * The layering of the code, checked by `npm run lint` (dependency-cruiser):
 *
 *   functions/contract/  what the page and the API share; imports nothing of ours
 *   functions/           the Lambda functions; may import functions/contract/ only from outside
 *   web/                 the site; its pages and scripts import only functions/contract/
 *   infra/               the CDK app and the local stack; may import functions/
 *   tests/               may import anything; nothing imports tests/
 *
 * The page build (web/build/) also reads the deployment configuration (infra/config/) and the
 * style hashes the CDN policy is built from (infra/site/); infra/ never imports web/, so that
 * is no cycle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can change or be understood alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-imports-nothing-of-ours',
      severity: 'error',
      comment:
        'functions/contract/ runs in the browser and in the functions: it may import only packages and itself.',
      from: { path: '^functions/contract/' },
      to: { path: '^(functions/(?!contract/)|web/|infra/|tests/)' },
    },
    {
      name: 'functions-not-web-or-infra',
      severity: 'error',
      comment:
        'The functions are deployed alone: what they share with the page belongs in functions/contract/, what deploys them in infra/.',
      from: { path: '^functions/' },
      to: { path: '^(web|infra|tests)/' },
    },
    {
      name: 'web-only-contract',
      severity: 'error',
      comment:
        'The site reaches the functions only through functions/contract/ (the lead rules and the form).',
      from: { path: '^web/' },
      to: { path: '^(functions/(?!contract/)|tests/)' },
    },
    {
      name: 'web-pages-not-infra',
      severity: 'error',
      comment:
        'Pages and scripts get clinic facts from the build, never from infra/; only the build (web/build/, web/vite.config.ts) reads the configuration.',
      from: { path: '^web/', pathNot: '^web/(build/|vite\\.config\\.ts$)' },
      to: { path: '^infra/' },
    },
    {
      name: 'infra-not-web',
      severity: 'error',
      comment: 'infra/ deploys the built site (web/dist) as files; it never imports the site code.',
      from: { path: '^infra/' },
      to: { path: '^web/' },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      comment: 'Tests and benchmarks depend on the code, never the other way round.',
      from: { pathNot: '^tests/' },
      to: { path: '^tests/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
    exclude: { path: '^(node_modules|cdk\\.out|web/dist|\\.data)/' },
  },
};
