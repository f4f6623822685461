/**
 * `npm run bench:cold`: each function bundled exactly as the CDK app ships it
 * (infra/bundling.ts), its size, and the median cold import time over fresh Node.js processes.
 *
 * For comparison it also bundles each function with the AWS SDK left out (as if loaded from
 * the Lambda runtime's own copy, here resolved from node_modules): that is the alternative the
 * bundled choice is measured against. A benchmark, not a test: it prints figures, asserts none.
 *
 * Each run is a new `node` process that sets the environment the function's declaration builds
 * (dummy resource names, AWS_REGION; no network is touched at import), imports the bundle and
 * reports how long the import took and how long the process took to have the handler ready.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { FUNCTIONS, type FunctionDeclaration } from '../../infra/manifest';
import { bundleFunction, NODE_MAJOR, REPO_ROOT, type BundleVariant } from '../../infra/bundling';
import { loadConfig } from '../../infra/config/load-config';
import { createLocalClients, localAwsEnvironment } from '../../infra/local/aws-clients';
import { createLeadsTable } from '../../infra/local/create-table';
import { startDynamoDbLocal } from '../../infra/local/emulators';
import { freePort } from '../../infra/local/ports';
import { submitFunction } from '../../infra/manifest';
import { phoneCountriesOf } from '../../infra/phone-metadata';
import { jsonEvent } from '../support/api-events';
import { WEBHOOK_SECRET_VARIABLE } from '../../functions/webhook/config';
import { benchCallback } from './bench-lead';
import { STATUS_LINK_KEY_VARIABLE } from '../../functions/lib/status-link';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
/** Inside the repository, so a bundle without the SDK resolves it from node_modules. */
const OUT = join(REPO_ROOT, '.artifacts', 'bench-cold');

interface Run {
  readonly importMs: number;
  readonly readyMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The environment the function gets on Lambda, with dummy resource names. */
/**
 * The configuration the bundles are measured under: the repository's, with a webhook when it
 * names none, since the webhook function is deployed only with one.
 */
function benchConfig() {
  const config = loadConfig();
  if (config.alerts.webhook !== undefined) return config;
  const webhook = { url: 'https://hooks.example.com/leads', format: 'json' } as const;
  return { ...config, alerts: { ...config.alerts, webhook } };
}

function environmentOf(fn: FunctionDeclaration): Record<string, string> {
  return {
    ...fn.environment(benchConfig(), {
      tableName: 'bench-leads',
      configurationSetName: 'bench-configuration-set',
    }),
    // Added by the CDK app, not the declaration: the status-link key's secret name.
    [STATUS_LINK_KEY_VARIABLE]: 'bench-status-link-key',
    [WEBHOOK_SECRET_VARIABLE]: 'bench-webhook-secret',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  };
}

/** One fresh process: import the bundle, report import time and time since process start. */
function coldImport(file: string, env: Record<string, string>): Run {
  const script = [
    'const started = performance.now();',
    `const mod = await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const ended = performance.now();',
    "if (typeof mod.handler !== 'function') throw new Error('no handler export');",
    'console.log(JSON.stringify({ importMs: ended - started, readyMs: ended }));',
  ].join('\n');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  if (child.status !== 0) {
    // The last lines only: the first quote a line of the minified bundle.
    throw new Error(`import of ${file} failed (${child.status}):\n${child.stderr.slice(-1500)}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Run;
}

/** The packages that weigh most in the bundle. */
function heaviest(metafile: Metafile, count = 4): string {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name =
        match?.[1] ??
        (input.includes('phone-metadata-')
          ? 'phone metadata (served countries)'
          : 'functions/ (own code)');
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kib(bytes)}`)
    .join(', ');
}

/** The repository's own modules in the bundle, by path: what of ours each function carries. */
function ownModules(metafile: Metafile): string[] {
  const inputs = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
  return [
    ...new Set(
      inputs.filter((input) => !input.includes('node_modules/') && !input.endsWith('.json')),
    ),
  ].sort();
}

const VARIANTS: readonly { readonly label: string; readonly variant: BundleVariant }[] = [
  { label: 'SDK bundled (ships)', variant: {} },
  { label: 'SDK external', variant: { externalSdk: true } },
];

/** Wall time of one fresh `node` process running `script`, from spawn to exit. */
function freshProcess(script: string, env: Record<string, string>): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (child.status !== 0)
    throw new Error(`fresh process failed (${child.status}):\n${child.stderr}`);
  return ms;
}

/**
 * The figure a patient meets: a fresh process that imports the shipped submit bundle and
 * answers one submission (a lead stored in DynamoDB Local), against a fresh process that does
 * nothing, alternated in the same run so both see the same machine load.
 */
async function firstStoredLead(bundleFile: string): Promise<void> {
  const dynamo = await startDynamoDbLocal({ port: await freePort(), timeoutMs: 120_000 });
  const emulators = { dynamodbEndpoint: dynamo.endpoint, sesUrl: 'http://127.0.0.1:9' };
  const clients = createLocalClients(emulators);
  try {
    const tableName = `bench-${randomUUID().slice(0, 8)}`;
    await createLeadsTable(clients.dynamodb, tableName);
    const env = {
      ...environmentOf(submitFunction),
      ...localAwsEnvironment(emulators),
      TABLE_NAME: tableName,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    };
    const submission = (i: number) =>
      jsonEvent(benchCallback(i), { sourceIp: `10.9.${(i >> 8) & 255}.${i & 255}` });
    const leadScript = (i: number) =>
      [
        `const { handler } = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});`,
        `const answer = await handler(${JSON.stringify(submission(i))});`,
        "if (answer.statusCode !== 201) throw new Error('not stored: ' + answer.statusCode + ' ' + answer.body);",
      ].join('\n');
    const nothing = '';
    // Warm the file system cache and the emulator, not the process: DynamoDB Local is a Java
    // process whose first requests on a new connection stay slow (25 to 40 ms) until its JIT has
    // compiled that path, while DynamoDB itself is always warm. With one warm-up process instead
    // of five, three runs on the same machine gave 3.7x, 4.5x and 4.4x (3.9x, 3.6x, 3.7x with five).
    for (let i = 1; i <= 5; i++) freshProcess(leadScript(-i), env);
    const lead: number[] = [];
    const idle: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      idle.push(freshProcess(nothing, env));
      lead.push(freshProcess(leadScript(i), env));
    }
    const leadMs = median(lead);
    const idleMs = median(idle);
    console.log(
      `\nfresh process to first stored lead (submit bundle, DynamoDB Local): median ${leadMs.toFixed(1)} ms` +
        `\nfresh do-nothing process, same run:                                median ${idleMs.toFixed(1)} ms` +
        `\nratio: ${(leadMs / idleMs).toFixed(2)}x (goal <= 4x); the lead costs ${(leadMs - idleMs).toFixed(1)} ms over starting Node.js`,
    );
  } finally {
    clients.destroy();
    await dynamo.stop();
  }
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  console.log(
    `bench:cold: ${RUNS} fresh processes per bundle; this machine runs Node.js ${process.versions.node}, Lambda runs Node.js ${NODE_MAJOR} on arm64 (absolute figures differ there; the comparison holds)\n`,
  );
  const phoneCountries = phoneCountriesOf(loadConfig());
  const modules = new Map<string, string[]>();
  const rows: string[][] = [
    ['function', 'bundle', 'bytes', 'gzip', 'median import', 'median ready', 'heaviest parts'],
  ];
  for (const fn of FUNCTIONS) {
    const env = environmentOf(fn);
    for (const { label, variant } of VARIANTS) {
      const dir = join(OUT, fn.name, variant.externalSdk ? 'external-sdk' : 'bundled');
      const bundle = bundleFunction(fn, dir, { ...variant, phoneCountries });
      const gzip = gzipSync(readFileSync(bundle.file)).byteLength;
      coldImport(bundle.file, env); // warm the file system cache, not the process
      const runs = Array.from({ length: RUNS }, () => coldImport(bundle.file, env));
      rows.push([
        fn.name,
        label,
        kib(bundle.bytes),
        kib(gzip),
        `${median(runs.map((r) => r.importMs)).toFixed(1)} ms`,
        `${median(runs.map((r) => r.readyMs)).toFixed(1)} ms`,
        heaviest(bundle.metafile),
      ]);
      modules.set(fn.name, ownModules(bundle.metafile));
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  }
  console.log(
    '\nimport: time to evaluate the bundle and its imports; ready: from process start to the handler exported.' +
      '\nbytes: minified, with the SDK in the shipped rows; goal <= 300 KiB for submit-lead and notify-lead.',
  );
  // The layering keeps the page's own code (web/: its copy, its renderers) out of the functions.
  for (const [name, files] of modules) {
    const fromWeb = files.filter((file) => file.startsWith('web/'));
    console.log(
      `\n${name}: ${files.length} modules of ours, ${fromWeb.length} from web/${fromWeb.length > 0 ? ` (${fromWeb.join(', ')})` : ''}\n  ${files.join('\n  ')}`,
    );
  }
  // The shipped submit bundle, answering the payload 2.0 events this benchmark sends (the REST
  // entry, a few lines that reshape the event, left out).
  const submit = bundleFunction(submitFunction, join(OUT, submitFunction.name, 'payload-2.0'), {
    phoneCountries,
    payload: '2.0',
  });
  await firstStoredLead(submit.file);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
