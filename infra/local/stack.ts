/**
 * The whole product on one machine, with no AWS account: DynamoDB Local and the SES emulator
 * stand in for AWS; the real handlers run behind a local API Gateway stand-in and a local
 * stream event source mapping; the site is served by Vite (dev) or from its build (dist).
 *
 * Every function and the table come from the same declarations the CDK app deploys.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AppConfig } from '../config/config';
import { loadConfig } from '../config/load-config';
import {
  notifyFunction,
  submitFunction,
  type FunctionDeclaration,
  type HttpTrigger,
} from '../manifest';
import { createLocalClients, LOCAL_REGION, localAwsEnvironment } from './aws-clients';
import { createLeadsTable } from './create-table';
import { startDynamoDbLocal, startSesLocal } from './emulators';
import { lambdaContext, startHttpRuntime, type HttpHandler } from './http-runtime';
import { loadFunction, REPO_ROOT } from './load-function';
import { ensurePortFree } from './ports';
import { startStaticServer } from './static-server';
import { fileDeadLetterStore, startStreamPoller, type DeadLetterStore } from './stream-poller';

export const DEFAULT_PORTS = { dynamodb: 8000, ses: 8005, api: 3001, web: 5173 } as const;

/** The environment variable that moves each port, named in the busy-port message. */
export const PORT_VARIABLES = {
  dynamodb: 'DYNAMODB_PORT',
  ses: 'SES_PORT',
  api: 'API_PORT',
  web: 'WEB_PORT',
} as const;

export interface LocalStackOptions {
  /** Where DynamoDB Local keeps its data, checkpoints and dead letters. @default '.data' */
  readonly dataDir?: string;
  readonly ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  /** How the site is served: Vite's dev server, the production build, or not at all. @default 'dev' */
  readonly web?: 'dev' | 'dist' | false;
  /** Reuse running emulators instead of starting them (tests). */
  readonly emulators?: { readonly dynamodbEndpoint: string; readonly sesUrl: string };
  /** Configuration overrides on top of cdk.json (e.g. a higher rate limit for a test run). */
  readonly configOverrides?: Record<string, unknown>;
  /** Table name. @default 'leads-local' */
  readonly tableName?: string;
  /** Security headers for the 'dist' server (the distribution's response headers). */
  readonly siteHeaders?: Readonly<Record<string, string>>;
}

export interface LocalStack {
  readonly config: AppConfig;
  readonly apiUrl: string;
  readonly webUrl?: string;
  readonly sesUrl: string;
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly db: DynamoDBDocumentClient;
  readonly deadLetters: DeadLetterStore;
  /** Resolves once the stream poller has delivered everything written so far. */
  readonly idle: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

/** Starts every part; if one fails, the parts already started are stopped again. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const config = loadConfig(options.configOverrides);
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const dataDir = resolve(REPO_ROOT, options.dataDir ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const tableName = options.tableName ?? 'leads-local';

  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const wanted = (Object.keys(ports) as Array<keyof typeof ports>).filter(
      (name) =>
        ports[name] !== 0 &&
        !(options.emulators && (name === 'dynamodb' || name === 'ses')) &&
        !(name === 'web' && options.web === false),
    );
    for (const name of wanted) {
      await ensurePortFree(ports[name], portPurpose(name), PORT_VARIABLES[name]);
    }

    let emulators = options.emulators;
    if (emulators === undefined) {
      const dynamo = await startDynamoDbLocal({
        port: ports.dynamodb,
        dataDir: join(dataDir, 'dynamodb'),
      });
      stops.push(dynamo.stop);
      const ses = await startSesLocal({ port: ports.ses });
      stops.push(ses.stop);
      emulators = { dynamodbEndpoint: dynamo.endpoint, sesUrl: ses.url };
    }
    const clients = createLocalClients(emulators);
    stops.push(() => Promise.resolve(clients.destroy()));
    const table = await createLeadsTable(clients.dynamodb, tableName);

    Object.assign(process.env, localAwsEnvironment(emulators));
    const submit = await loadFunction<HttpHandler>(submitFunction, config, { tableName });
    const notify = await loadFunction<
      (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>
    >(notifyFunction, config, { tableName });

    const api = await startHttpRuntime({
      port: ports.api,
      routes: [
        {
          declaration: submitFunction as FunctionDeclaration & { trigger: HttpTrigger },
          handler: submit,
        },
      ],
    });
    stops.push(api.stop);

    if (notifyFunction.trigger.type !== 'table-stream')
      throw new Error('notify must be stream-triggered');
    const deadLetters = fileDeadLetterStore(join(dataDir, 'dead-letters.jsonl'));
    const poller = startStreamPoller({
      streams: clients.streams,
      tableStreamArn: table.streamArn,
      trigger: notifyFunction.trigger,
      invoke: (event) => notify(event, lambdaContext(notifyFunction, randomUUID())),
      functionName: notifyFunction.name,
      invocationTimeoutMs: notifyFunction.timeoutSeconds * 1000,
      region: LOCAL_REGION,
      deadLetter: deadLetters,
      checkpointFile: join(dataDir, `stream-checkpoints-${tableName}.json`),
    });
    stops.push(() => poller.stop());

    let webUrl: string | undefined;
    if (options.web === 'dist') {
      const site = await startStaticServer({
        root: join(REPO_ROOT, 'web/dist'),
        port: ports.web,
        apiUrl: api.url,
        ...(options.siteHeaders && { headers: options.siteHeaders }),
      });
      stops.push(site.stop);
      webUrl = site.url;
    } else if (options.web !== false) {
      // The config imports TypeScript modules without extensions, which Vite's bundling loader handles.
      process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
      const vite = await import('vite');
      const configFile = join(REPO_ROOT, 'web/vite.config.ts');
      const server = await vite.createServer({
        configFile: existsSync(configFile) ? configFile : false,
        root: join(REPO_ROOT, 'web'),
        logLevel: 'warn',
        server: {
          host: '127.0.0.1',
          port: ports.web,
          strictPort: true,
          proxy: { '/api': { target: api.url, changeOrigin: false } },
        },
      });
      await server.listen();
      stops.push(() => server.close());
      webUrl = `http://127.0.0.1:${ports.web}`;
    }

    return {
      config,
      apiUrl: api.url,
      ...(webUrl !== undefined && { webUrl }),
      sesUrl: emulators.sesUrl,
      dynamodbEndpoint: emulators.dynamodbEndpoint,
      tableName,
      db: clients.db,
      deadLetters,
      idle: () => poller.idle(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function portPurpose(name: keyof typeof DEFAULT_PORTS): string {
  return {
    dynamodb: 'DynamoDB Local',
    ses: 'the SES emulator and its inbox',
    api: 'the local API',
    web: 'the site',
  }[name];
}
