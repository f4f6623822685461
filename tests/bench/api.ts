/**
 * `npm run bench:api`: 2,000 submissions at concurrency 20 against the local API (the real
 * submit handler behind the local API Gateway stand-in, on DynamoDB Local), then, in the same
 * run, the raw DynamoDB Local writes one submission needs (the rate-limit counter update and
 * the conditional lead put), with the same percentiles and the ratio API/raw.
 *
 * The load runs in a separate Node.js process (this file, started again as a child with
 * BENCH_API_DRIVER set), so the client's own work does not share an event loop with the API it
 * measures; the same child also makes the raw writes, so both columns are timed alike.
 *
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../infra/config/load-config';
import { createLocalClients, localAwsEnvironment } from '../../infra/local/aws-clients';
import { createLeadsTable } from '../../infra/local/create-table';
import { startDynamoDbLocal } from '../../infra/local/emulators';
import { startHttpRuntime, type HttpHandler } from '../../infra/local/http-runtime';
import { loadFunction } from '../../infra/local/load-function';
import { freePort } from '../../infra/local/ports';
import { cloudFrontHeaders, TEST_ORIGIN_SECRET } from '../support/cloudfront';
import { benchCallback } from './bench-lead';
import { ORIGIN_VERIFY_SECRET_VARIABLE } from '../../functions/lib/http';
import { leadKey } from '../../functions/lib/lead-item';
import { putLead, takeRateToken } from '../../functions/lib/lead-store';
import { submitFunction, type FunctionDeclaration, type HttpTrigger } from '../../infra/manifest';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const WARMUP = 100;

interface Run {
  readonly latencies: number[];
  readonly errors: number;
  readonly seconds: number;
}

/** Runs `task` `total` times with at most `concurrency` in flight; times each call. */
async function drive(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<boolean>,
): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const ok = await task(i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

function summary(run: Run) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return {
    throughput: run.latencies.length / run.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors: run.errors,
  };
}

type Summary = ReturnType<typeof summary>;

/** Starts this file again as the load-driving child and reads its summaries. */
function runDriver(input: DriverInput): Promise<{ apiRun: Summary; rawRun: Summary }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_API_DRIVER: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      for (const line of chunk.split('\n'))
        if (line.startsWith('Warming') || line.startsWith('Running')) console.log(line);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load driver exited with ${code}`));
      resolvePromise(
        JSON.parse(out.trim().split('\n').at(-1)!) as { apiRun: Summary; rawRun: Summary },
      );
    });
  });
}

interface DriverInput {
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
}

/** The child: drives the load against the API, then the raw writes, and prints both summaries. */
async function driver(input: DriverInput): Promise<void> {
  const clients = createLocalClients({
    dynamodbEndpoint: input.dynamodbEndpoint,
    sesUrl: 'http://127.0.0.1:9',
  });
  const { tableName } = input;
  const body = (i: number) => JSON.stringify({ ...benchCallback(i), utm_source: 'bench' });
  // Every request comes from its own viewer, so the per-client limit measures, not refuses.
  const submit = async (i: number) => {
    const response = await fetch(`${input.apiUrl}/api/leads`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...cloudFrontHeaders(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:443`),
      },
      body: body(i),
    });
    await response.arrayBuffer();
    return response.status === 201;
  };
  // The writes one submission makes, through the same store functions, straight to DynamoDB
  // Local: no HTTP, no validation, no handler.
  const raw = async (i: number) => {
    const now = Math.floor(Date.now() / 1000);
    await takeRateToken(clients.table, tableName, {
      client: `raw-${i}`,
      windowStart: now - (now % 600),
      windowSeconds: 600,
      max: 10,
    });
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    const result = await putLead(clients.table, tableName, {
      ...leadKey(id),
      entity: 'lead',
      id,
      kind: 'callback',
      name: `Raw Patient ${i}`,
      phone: '+13125550188',
      preferredTime: 'morning',
      status: 'new',
      createdAt,
      expiresAt: now + 86400,
      gsi1pk: `LEADS#${createdAt.slice(0, 7)}`,
      gsi1sk: `${createdAt}#${id}`,
      attribution: { utm_source: 'bench' },
      via: 'json',
      payloadHash: id,
      notification: { clinic: { status: 'pending' }, patient: { status: 'not-applicable' } },
    });
    return result.created;
  };

  console.log(`Warming up (${WARMUP} of each)…`);
  await drive(WARMUP, CONCURRENCY, (i) => submit(1_000_000 + i));
  await drive(WARMUP, CONCURRENCY, (i) => raw(1_000_000 + i));

  console.log(`Running ${TOTAL} submissions at concurrency ${CONCURRENCY}…`);
  const apiRun = summary(await drive(TOTAL, CONCURRENCY, submit));
  const rawRun = summary(await drive(TOTAL, CONCURRENCY, raw));

  console.log(JSON.stringify({ apiRun, rawRun }));
  clients.destroy();
}

/** The parent: DynamoDB Local, the table, the real submit handler behind the local API. */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const emulators = { dynamodbEndpoint: dynamo.endpoint, sesUrl: 'http://127.0.0.1:9' };
  const clients = createLocalClients(emulators);
  const tableName = `bench-${randomUUID().slice(0, 8)}`;
  await createLeadsTable(clients.dynamodb, tableName);
  Object.assign(process.env, localAwsEnvironment(emulators), {
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // As deployed: the viewer address counts only on requests CloudFront vouches for.
    [ORIGIN_VERIFY_SECRET_VARIABLE]: TEST_ORIGIN_SECRET,
  });
  const config = loadConfig();
  const handler = await loadFunction<HttpHandler>(submitFunction, config, { tableName });
  const api = await startHttpRuntime({
    port: 0,
    routes: [
      { declaration: submitFunction as FunctionDeclaration & { trigger: HttpTrigger }, handler },
    ],
  });
  const input: DriverInput = { apiUrl: api.url, dynamodbEndpoint: dynamo.endpoint, tableName };
  const { apiRun, rawRun } = await runDriver(input);
  const row = (label: string, s: ReturnType<typeof summary>) =>
    `${label.padEnd(34)}${s.throughput.toFixed(0).padStart(9)}${s.p50.toFixed(2).padStart(9)}${s.p95
      .toFixed(2)
      .padStart(9)}${s.p99.toFixed(2).padStart(9)}${String(s.errors).padStart(8)}`;
  console.log('');
  console.log(
    `${''.padEnd(34)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}`,
  );
  console.log(row('API (POST /api/leads, HTTP)', apiRun));
  console.log(row('raw DynamoDB Local (update + put)', rawRun));
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`.padStart(9);
  console.log(
    `${'ratio API / raw'.padEnd(34)}${ratio(apiRun.throughput, rawRun.throughput)}${ratio(apiRun.p50, rawRun.p50)}${ratio(apiRun.p95, rawRun.p95)}${ratio(apiRun.p99, rawRun.p99)}`,
  );
  console.log(
    `\nnode ${process.version}, ${TOTAL} requests each, concurrency ${CONCURRENCY}, DynamoDB Local in memory, load from a separate process`,
  );

  await api.stop();
  clients.destroy();
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const driverInput = process.env.BENCH_API_DRIVER;
(driverInput === undefined ? main() : driver(JSON.parse(driverInput) as DriverInput)).catch(
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
