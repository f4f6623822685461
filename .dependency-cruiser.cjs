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
/**
 * A forbidden import: any module matching `from` importing one matching `to` fails the lint
 * with the rule's name and `comment`.
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
const forbid = (name, comment, from, to) => ({ name, severity: 'error', comment, from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'no-circular',
      'A cycle makes two modules one: neither can change or be understood alone.',
      {},
      { circular: true },
    ),
    forbid(
      'contract-imports-nothing-of-ours',
      'functions/contract/ runs in the browser and in the functions: it may import only packages and itself.',
      { path: '^functions/contract/' },
      { path: '^(functions/(?!contract/)|web/|infra/|tests/)' },
    ),
    forbid(
      'functions-not-web-or-infra',
      'The functions are deployed alone: what they share with the page belongs in functions/contract/, what deploys them in infra/.',
      { path: '^functions/' },
      { path: '^(web|infra|tests)/' },
    ),
    forbid(
      'web-only-contract',
      'The site reaches the functions only through functions/contract/ (the lead rules and the form).',
      { path: '^web/' },
      { path: '^(functions/(?!contract/)|tests/)' },
    ),
    forbid(
      'web-pages-not-infra',
      'Pages and scripts get clinic facts from the build, never from infra/; only the build (web/build/, web/vite.config.ts) reads the configuration.',
      { path: '^web/', pathNot: '^web/(build/|vite\\.config\\.ts$)' },
      { path: '^infra/' },
    ),
    forbid(
      'infra-not-web',
      'infra/ deploys the built site (web/dist) as files; it never imports the site code.',
      { path: '^infra/' },
      { path: '^web/' },
    ),
    forbid(
      'nothing-imports-tests',
      'Tests and benchmarks depend on the code, never the other way round.',
      { pathNot: '^tests/' },
      { path: '^tests/' },
    ),
    forbid(
      'not-to-unresolvable',
      'An import that does not resolve is a typo or a missing dependency.',
      {},
      { couldNotResolve: true },
    ),
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
