/**
 * `npm run fuzz`: the hostile-input properties of `POST /api/leads` (tests/support/lead-properties.ts)
 * at scale. First against the real submit handler on DynamoDB Local (10,000 cases per kind by
 * default), then a shorter run over real HTTP through the local API Gateway stand-in. Each run
 * is bounded in time. Prints, per kind: cases, 5xx answers, invalid leads stored, headers
 * injected, and the spread of answers. Exits 1 when a property broke or a kind fell short of
 * its case count within the time allowed.
 *
 *   npm run fuzz -- --runs 10000 --http-runs 1000 --max-minutes 25 --http-max-minutes 5 --seed 42
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { leadKey, type LeadItem } from '../../functions/lib/lead-item';
import { submitFunction, type FunctionDeclaration, type HttpTrigger } from '../../infra/manifest';
import { loadConfig } from '../../infra/config/load-config';
import { createLocalClients, localAwsEnvironment } from '../../infra/local/aws-clients';
import { createLeadsTable } from '../../infra/local/create-table';
import { startDynamoDbLocal } from '../../infra/local/emulators';
import { startHttpRuntime, type HttpHandler } from '../../infra/local/http-runtime';
import { loadFunction } from '../../infra/local/load-function';
import { freePort } from '../../infra/local/ports';
import {
  CASE_KINDS,
  caseEvent,
  checkCase,
  holds,
  type CaseKind,
  type CaseResult,
  type FuzzCase,
} from '../support/lead-properties';
import { leadsEvent } from '../support/lead-event';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    'http-runs': { type: 'string', default: '1000' },
    'max-minutes': { type: 'string', default: '25' },
    'http-max-minutes': { type: 'string', default: '5' },
    seed: { type: 'string' },
  },
});
const positive = (name: string, value: string | undefined): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const RUNS = positive('runs', args.runs);
const HTTP_RUNS = positive('http-runs', args['http-runs']);
const MAX_MS = positive('max-minutes', args['max-minutes']) * 60_000;
const HTTP_MAX_MS = positive('http-max-minutes', args['http-max-minutes']) * 60_000;
const SEED = args.seed === undefined ? Date.now() % 2 ** 31 : Number(args.seed);

interface KindTally {
  cases: number;
  serverErrors: number;
  invalidLeads: number;
  injectedHeaders: number;
  stored: number;
  statuses: Map<number, number>;
  firstFailure?: { fuzzCase: FuzzCase; result: CaseResult };
}

const newTally = (): KindTally => ({
  cases: 0,
  serverErrors: 0,
  invalidLeads: 0,
  injectedHeaders: 0,
  stored: 0,
  statuses: new Map(),
});

function record(tally: KindTally, fuzzCase: FuzzCase, result: CaseResult): void {
  tally.cases += 1;
  tally.statuses.set(result.status, (tally.statuses.get(result.status) ?? 0) + 1);
  if (result.status >= 500) tally.serverErrors += 1;
  if (result.invalidLead.length > 0) tally.invalidLeads += 1;
  if (result.headerProblems.length > 0) tally.injectedHeaders += 1;
  if (result.stored) tally.stored += 1;
  if (!holds(result)) tally.firstFailure ??= { fuzzCase, result };
}

/**
 * Runs every kind at once (each a sequential fast-check run, so a failure still shrinks to a
 * small case), each until `runs` cases or the time limit.
 */
async function runKinds(
  seed: number,
  runs: number,
  maxMs: number,
  check: (fuzzCase: FuzzCase) => Promise<CaseResult>,
): Promise<Map<CaseKind, KindTally>> {
  const tallies = new Map<CaseKind, KindTally>();
  const kinds = Object.keys(CASE_KINDS) as CaseKind[];
  await Promise.all(
    kinds.map(async (kind, i) => {
      const tally = newTally();
      tallies.set(kind, tally);
      await fc.check(
        fc.asyncProperty(CASE_KINDS[kind], async (fuzzCase) => {
          const result = await check(fuzzCase);
          record(tally, fuzzCase, result);
          return holds(result);
        }),
        { numRuns: runs, seed: seed + i, interruptAfterTimeLimit: maxMs, endOnFailure: true },
      );
    }),
  );
  return tallies;
}

function report(title: string, runs: number, tallies: Map<CaseKind, KindTally>): boolean {
  console.log(`\n${title}`);
  const header = `${'kind'.padEnd(17)}${'cases'.padStart(8)}${'5xx'.padStart(6)}${'invalid leads stored'.padStart(22)}${'headers injected'.padStart(18)}${'stored'.padStart(8)}   answers`;
  console.log(header);
  console.log('-'.repeat(header.length + 30));
  let ok = true;
  const total = newTally();
  for (const [kind, t] of tallies) {
    const spread = [...t.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
    console.log(
      `${kind.padEnd(17)}${String(t.cases).padStart(8)}${String(t.serverErrors).padStart(6)}${String(t.invalidLeads).padStart(22)}${String(t.injectedHeaders).padStart(18)}${String(t.stored).padStart(8)}   ${spread}`,
    );
    total.cases += t.cases;
    total.serverErrors += t.serverErrors;
    total.invalidLeads += t.invalidLeads;
    total.injectedHeaders += t.injectedHeaders;
    total.stored += t.stored;
    for (const [status, n] of t.statuses) {
      total.statuses.set(status, (total.statuses.get(status) ?? 0) + n);
    }
    if (t.firstFailure !== undefined) {
      ok = false;
      const { fuzzCase, result } = t.firstFailure;
      const body =
        typeof fuzzCase.body === 'string'
          ? fuzzCase.body.slice(0, 300)
          : Buffer.from(fuzzCase.body).toString('base64').slice(0, 300);
      console.log(
        `  ! ${kind}: ${JSON.stringify({ ...fuzzCase, body, status: result.status, invalidLead: result.invalidLead, headerProblems: result.headerProblems })}`,
      );
    }
    if (t.cases < runs) {
      ok = false;
      const why =
        t.firstFailure === undefined ? 'within the time allowed' : 'before its first failure';
      console.log(`  ! ${kind}: ${t.cases} of ${runs} cases ${why}`);
    }
  }
  const spread = [...total.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');
  console.log('-'.repeat(header.length + 30));
  console.log(
    `${'all'.padEnd(17)}${String(total.cases).padStart(8)}${String(total.serverErrors).padStart(6)}${String(total.invalidLeads).padStart(22)}${String(total.injectedHeaders).padStart(18)}${String(total.stored).padStart(8)}   ${spread}`,
  );
  return ok;
}

async function main(): Promise<void> {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const emulators = { dynamodbEndpoint: dynamo.endpoint, sesUrl: 'http://127.0.0.1:9' };
  const clients = createLocalClients(emulators);
  const tableName = `fuzz-${randomUUID().slice(0, 8)}`;
  await createLeadsTable(clients.dynamodb, tableName);
  Object.assign(process.env, localAwsEnvironment(emulators), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
  const base = loadConfig();
  // The HTTP run comes from one address (127.0.0.1): a limit that fits all of its cases.
  const config = {
    ...base,
    leads: { ...base.leads, rateLimit: { maxPerWindow: 10_000, windowSeconds: 3600 } },
  };
  const handler = await loadFunction<HttpHandler>(submitFunction, config, { tableName });
  const readLead = async (id: string) =>
    (
      await clients.db.send(
        new GetCommand({ TableName: tableName, Key: leadKey(id), ConsistentRead: true }),
      )
    ).Item as LeadItem | undefined;
  const context = { awsRequestId: 'fuzz' } as Context;

  console.log(
    `Fuzzing POST /api/leads (seed ${SEED}): ${RUNS} cases per kind against the handler on DynamoDB Local, then ${HTTP_RUNS} per kind over HTTP.`,
  );
  let ok = true;
  try {
    let client = 0;
    const started = Date.now();
    const direct = await runKinds(SEED, RUNS, MAX_MS, (fuzzCase) => {
      client += 1;
      const sourceIp = `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
      const event: APIGatewayProxyEventV2 = caseEvent(fuzzCase, sourceIp, leadsEvent);
      return checkCase(
        async () => {
          const answer = await handler(event, context);
          return typeof answer === 'string' ? { statusCode: 200, body: answer } : answer;
        },
        readLead,
        sourceIp,
      );
    });
    ok =
      report(
        `Handler on DynamoDB Local (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        RUNS,
        direct,
      ) && ok;

    const api = await startHttpRuntime({
      port: 0,
      routes: [
        { declaration: submitFunction as FunctionDeclaration & { trigger: HttpTrigger }, handler },
      ],
    });
    try {
      const httpStarted = Date.now();
      // Other seeds: the HTTP run must not replay the idempotency keys of the first.
      const overHttp = await runKinds(SEED + 1000, HTTP_RUNS, HTTP_MAX_MS, (fuzzCase) =>
        checkCase(
          async () => {
            const response = await fetch(`${api.url}/api/leads`, {
              method: 'POST',
              headers: {
                ...(fuzzCase.contentType !== undefined && { 'content-type': fuzzCase.contentType }),
                ...fuzzCase.headers,
              },
              body:
                typeof fuzzCase.body === 'string'
                  ? fuzzCase.body
                  : new Blob([Buffer.from(fuzzCase.body)]),
              redirect: 'manual',
            });
            const headers: Record<string, string> = {};
            response.headers.forEach((value, name) => (headers[name] = value));
            return { statusCode: response.status, headers, body: await response.text() };
          },
          readLead,
          '127.0.0.1',
        ),
      );
      ok =
        report(
          `HTTP through the local runtime (${((Date.now() - httpStarted) / 1000).toFixed(0)} s)`,
          HTTP_RUNS,
          overHttp,
        ) && ok;
    } finally {
      await api.stop();
    }
  } finally {
    clients.destroy();
    await dynamo.stop();
  }
  console.log(ok ? '\nEvery property held.' : '\nA property broke or a run fell short (see "!").');
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
