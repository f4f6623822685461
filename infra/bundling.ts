/**
 * How each function is bundled for Lambda. The CDK app and `npm run bench:cold` both call
 * {@link bundleFunction}, so the benchmark measures exactly the code that ships.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import fullPhoneMetadata from 'libphonenumber-js/metadata.max.json';
import type { FunctionDeclaration } from './manifest';
import { LEAN_SDK_CLIENTS, leanClientEntry } from './lean-sdk';
import { trimPhoneMetadata } from './phone-metadata';

/** The repository root: function entries in the manifest are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Node.js major version of the Lambda runtime. The CDK app picks the matching runtime and
 * esbuild targets the same version, so the bundle uses what that Node.js has natively.
 */
export const NODE_MAJOR = 24;

/** File name of the bundle inside the asset; ESM needs the `.mjs` extension on Lambda. */
export const BUNDLE_FILE = 'index.mjs';

/** The Lambda handler setting that points at the bundle's `handler` export. */
export const LAMBDA_HANDLER = 'index.handler';

/**
 * Gives the ESM bundle a CommonJS `require`, which some dependencies still call for Node.js
 * built-ins; without it such a call throws "Dynamic require of ... is not supported".
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * What esbuild starts from. A function behind the API is deployed behind a REST API (payload
 * 1.0) while its handler, the local stack and the tests speak payload 2.0, so its bundle starts
 * from a two-line entry that exports the handler through functions/lib/rest-event.ts.
 */
function entry(
  fn: FunctionDeclaration,
  variant: BundleVariant,
): Pick<BuildOptions, 'entryPoints' | 'stdin'> {
  const file = resolve(REPO_ROOT, fn.entry);
  if (fn.trigger.type !== 'http' || variant.payload === '2.0') return { entryPoints: [file] };
  const path = (absolute: string) => `./${relative(REPO_ROOT, absolute).split('\\').join('/')}`;
  return {
    stdin: {
      contents: [
        `import { handler as http } from ${JSON.stringify(path(file))};`,
        `import { restHandler } from ${JSON.stringify(path(resolve(REPO_ROOT, 'functions/lib/rest-event.ts')))};`,
        'export const handler = restHandler(http);',
      ].join('\n'),
      resolveDir: REPO_ROOT,
      sourcefile: `${fn.name}-lambda-entry.ts`,
      loader: 'ts',
    },
  };
}

/** Options that change the bundle, for comparison in the cold-start benchmark only. */
export interface BundleVariant {
  /**
   * Leave the AWS SDK out of the bundle and use the copy the Lambda runtime provides.
   * @default false (the SDK is bundled, minified and tree-shaken)
   */
  readonly externalSdk?: boolean;
  /**
   * Countries whose phone metadata the bundle carries (see infra/phone-metadata.ts); the CDK
   * app passes the configuration's.
   * @default every country
   */
  readonly phoneCountries?: readonly string[];
  /**
   * The API Gateway payload an HTTP function's bundle answers: `1.0`, the REST API's, as
   * deployed; `2.0`, the handler's own, for the local stack's runtime, which builds payload 2.0
   * events (the bundle is then the deployed one without its two-line REST entry).
   * @default '1.0'
   */
  readonly payload?: '1.0' | '2.0';
}

/**
 * Lambda gives a function its role's credentials in the environment, so the SDK's default chain
 * (shared files, SSO, web identity, container and instance metadata, each with its own client)
 * is weight without work there: the bundle gets the environment provider in its place.
 */
const LAMBDA_CREDENTIALS = resolve(REPO_ROOT, 'infra', 'lambda-credentials.ts');

/** The SDK's event-stream codec, which no call the functions make uses. */
const NO_EVENT_STREAMS = resolve(REPO_ROOT, 'infra', 'no-event-streams.ts');

/** DynamoDB's endpoint-discovery set-up, which none of its operations uses. */
const NO_ENDPOINT_DISCOVERY = resolve(REPO_ROOT, 'infra', 'no-endpoint-discovery.ts');

/**
 * Writes libphonenumber-js's precise metadata trimmed to `countries` to a file outside the
 * bundle's directory and returns its path, for an esbuild alias (the synchronous build CDK's
 * bundling hook needs cannot take plugins).
 */
function trimmedPhoneMetadataFile(countries: readonly string[]): string {
  const json = JSON.stringify(trimPhoneMetadata(fullPhoneMetadata, countries));
  const hash = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `phone-metadata-${hash}.json`);
  writeFileSync(file, json);
  return file;
}

/**
 * The esbuild options for one function: minified ESM for the runtime's Node.js, with the AWS
 * SDK bundled and tree-shaken so a cold start parses only the commands the function sends.
 */
export function esbuildOptions(
  fn: FunctionDeclaration,
  outdir: string,
  variant: BundleVariant = {},
): BuildOptions {
  return {
    ...entry(fn, variant),
    outfile: join(outdir, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    target: `node${NODE_MAJOR}`,
    format: 'esm',
    minify: true,
    treeShaking: true,
    // Prefer each package's ES module build: the AWS SDK's tree-shakes far better than its CJS.
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    // No source maps: they add size, and enabling them slows every cold start; logs carry ids
    // and error names, not stack traces that need mapping.
    sourcemap: false,
    legalComments: 'none',
    external: variant.externalSdk ? ['@aws-sdk/*'] : [],
    alias: {
      ...(!variant.externalSdk && {
        '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS,
        '@smithy/core/event-streams': NO_EVENT_STREAMS,
        '@aws-sdk/middleware-endpoint-discovery': NO_ENDPOINT_DISCOVERY,
        ...Object.fromEntries(
          LEAN_SDK_CLIENTS.map((client) => [client, leanClientEntry(REPO_ROOT, client)]),
        ),
      }),
      ...(variant.phoneCountries && {
        'libphonenumber-js/metadata.max.json': trimmedPhoneMetadataFile(variant.phoneCountries),
      }),
    },
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: REPO_ROOT,
  };
}

/** What one bundle holds. */
export interface BundleResult {
  /** Absolute path of the bundle file. */
  readonly file: string;
  /** Bytes of the bundle file. */
  readonly bytes: number;
  /** esbuild's record of every input and output. */
  readonly metafile: Metafile;
}

/**
 * Bundles one function into `outdir` (synchronously: CDK's local bundling hook is synchronous).
 * Throws with esbuild's messages when the entry or an import is missing.
 */
export function bundleFunction(
  fn: FunctionDeclaration,
  outdir: string,
  variant: BundleVariant = {},
): BundleResult {
  mkdirSync(outdir, { recursive: true });
  const options = esbuildOptions(fn, outdir, variant);
  const result = buildSync(options);
  const metafile = result.metafile as Metafile;
  const file = join(outdir, BUNDLE_FILE);
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(BUNDLE_FILE));
  return { file, bytes: output?.[1].bytes ?? 0, metafile };
}
