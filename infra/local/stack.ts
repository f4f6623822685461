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
import type { ViteDevServer } from 'vite';
import type { AppConfig } from '../config/config';
import { loadConfig } from '../config/load-config';
import { siteSecurityHeaders } from '../site/security-headers';
import {
  digestFunction,
  eventsFunction,
  followUpFunction,
  notifyFunction,
  statusFunction,
  submitFunction,
  webhookFunction,
  type DeployedResources,
  type FunctionDeclaration,
  type HttpTrigger,
} from '../manifest';
import { linkKeyLoader, STATUS_LINK_KEY_VARIABLE } from '../../functions/lib/status-link';
import { ensureLocalKey, ensureLocalLinkKey } from './link-key';
import { LOCAL_WEBHOOK_PATH, startWebhookReceiver } from './webhook-receiver';
import { WEBHOOK_SECRET_VARIABLE } from '../../functions/webhook/config';
import { startScheduledFunction, type ScheduledHandler } from './scheduled-function';
import { createLocalClients, LOCAL_REGION, localAwsEnvironment } from './aws-clients';
import { createLeadsTable } from './create-table';
import { startDynamoDbLocal, startSesLocal } from './emulators';
import { lambdaContext, startHttpRuntime, type HttpHandler } from './http-runtime';
import { loadFunction, REPO_ROOT } from './load-function';
import { shippedProcessFunction } from './process-function';
import { ensurePortFree, freePort } from './ports';
import { startStaticServer } from './static-server';
import { knownCampaigns, type CampaignTable } from '../../functions/contract/campaigns';
import { readCampaignTable, viewerFunctionCode } from '../site/viewer-function-code';
import { devCampaignTable, devEdge } from './dev-edge';
import { loadViewerFunction } from './edge-runtime';
import { fileDeadLetterStore, startStreamPoller, type DeadLetterStore } from './stream-poller';

/** A stream-triggered function, as its event source mapping invokes it. */
type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | void>;

export const DEFAULT_PORTS = {
  dynamodb: 8000,
  ses: 8005,
  api: 3001,
  web: 5173,
  webhook: 8010,
} as const;

/** The environment variable that moves each port, named in the busy-port message. */
export const PORT_VARIABLES = {
  dynamodb: 'DYNAMODB_PORT',
  ses: 'SES_PORT',
  api: 'API_PORT',
  web: 'WEB_PORT',
  webhook: 'WEBHOOK_PORT',
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
  /**
   * The campaign table when no site is served (`web: false`); otherwise the site's own (the
   * build's campaign-table.json, or the dev server's content).
   * @default none: every lead's campaign is recorded as unknown
   */
  readonly campaignTable?: CampaignTable;
  /**
   * Security headers for the 'dist' server. By default the distribution's own, read from the
   * build on each request, so a rebuild's new style hashes apply without a restart.
   */
  readonly siteHeaders?: Readonly<Record<string, string>>;
  /**
   * Milliseconds between follow-up runs (reminders, re-sending pending emails), or `false` to
   * run it only through {@link LocalStack.followUp}.
   * @default the declared schedule (`followUp.everyMinutes`)
   */
  readonly followUpEveryMs?: number | false;
  /**
   * How the API's functions run: imported into this process (`module`), or each as its shipped
   * bundle in a child process of its own, started by its first request and kept warm until
   * {@link LocalStack.dropWarmInstances} (`process`: Lambda's cold and warm starts, for
   * `npm run bench:submit`).
   * @default 'module'
   */
  readonly functionInstances?: 'module' | 'process';
  /**
   * Milliseconds between runs of the weekly digest's schedule (it sends only when a week is due
   * and there are `marketing.digestRecipients`), or `false` to run it only through
   * {@link LocalStack.digest}.
   * @default the declared schedule (hourly)
   */
  readonly digestEveryMs?: number | false;
}

export interface LocalStack {
  readonly config: AppConfig;
  readonly apiUrl: string;
  readonly webUrl?: string;
  readonly sesUrl: string;
  /** The local webhook receiver's page (every webhook it got). */
  readonly webhookUrl: string;
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly db: DynamoDBDocumentClient;
  readonly deadLetters: DeadLetterStore;
  /** Where the webhook's failed batches are recorded. */
  readonly webhookDeadLetters: DeadLetterStore;
  /** Resolves once the stream poller has delivered everything written so far. */
  readonly idle: () => Promise<void>;
  /** Runs the scheduled follow-up now and resolves when it is over. */
  readonly followUp: () => Promise<void>;
  /**
   * Ends the API functions' warm processes, so each one's next request is a cold start (with
   * `functionInstances: 'process'`; rejects otherwise: an imported module cannot be unloaded).
   */
  readonly dropWarmInstances: () => Promise<void>;
  /** Runs the weekly digest's schedule now and resolves when it is over. */
  readonly digest: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

/** Starts every part; if one fails, the parts already started are stopped again. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  if (ports.webhook === 0) ports.webhook = await freePort();
  const config = withLocalWebhook(loadConfig(options.configOverrides), ports.webhook);
  // Links in emails name the site's (or the API's) address, so a "0" port is chosen now.
  if (ports.api === 0) ports.api = await freePort();
  if (ports.web === 0 && options.web !== false) ports.web = await freePort();
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

    // The site first: its campaign table says which campaigns the API accepts.
    const distDir = join(REPO_ROOT, 'web/dist');
    // Known once the API is up; the dev server's proxy reads it per request.
    const apiAddress: { url?: string } = {};
    let campaignTable = options.campaignTable;
    let vite: ViteDevServer | undefined;
    if (options.web === 'dist') {
      campaignTable = readCampaignTable(distDir);
    } else if (options.web !== false) {
      // The config imports TypeScript modules without extensions, which Vite's bundling loader handles.
      process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
      const { createServer } = await import('vite');
      const configFile = join(REPO_ROOT, 'web/vite.config.ts');
      vite = await createServer({
        configFile: existsSync(configFile) ? configFile : false,
        root: join(REPO_ROOT, 'web'),
        logLevel: 'warn',
        plugins: [devEdge(() => apiAddress.url)],
        server: { host: '127.0.0.1', port: ports.web, strictPort: true },
      });
      const server = vite;
      stops.push(() => server.close());
      campaignTable = await devCampaignTable(vite);
    }
    const resources = {
      tableName,
      ...(campaignTable && { campaigns: knownCampaigns(campaignTable) }),
    };

    Object.assign(process.env, localAwsEnvironment(emulators), {
      // In AWS the StatusLinks construct names a Secrets Manager secret instead.
      [STATUS_LINK_KEY_VARIABLE]: ensureLocalLinkKey(dataDir),
      // In AWS the LeadWebhook construct names a Secrets Manager secret instead.
      [WEBHOOK_SECRET_VARIABLE]: ensureLocalKey(dataDir, LOCAL_WEBHOOK_SECRET_FILE),
    });
    const receiver = await startWebhookReceiver({
      port: ports.webhook,
      secret: linkKeyLoader(
        ensureLocalKey(dataDir, LOCAL_WEBHOOK_SECRET_FILE),
        () => Promise.reject(new Error('The local webhook secret is a file')),
        'webhook secret',
      ),
    });
    stops.push(receiver.stop);
    // Status links in the clinic email open the local site (or the API, when no site is served).
    const siteUrl = `http://127.0.0.1:${options.web === false ? ports.api : ports.web}`;
    const drops: Array<() => Promise<void>> = [];
    const httpFunction = async (
      declaration: FunctionDeclaration,
      given: DeployedResources,
    ): Promise<HttpHandler> => {
      if (options.functionInstances !== 'process') {
        return loadFunction<HttpHandler>(declaration, config, given);
      }
      const dir = join(dataDir, 'functions', declaration.name);
      const fn = shippedProcessFunction<
        Parameters<HttpHandler>[0],
        Awaited<ReturnType<HttpHandler>>
      >(declaration, config, given, dir);
      drops.push(fn.drop);
      return fn.invoke;
    };
    const dropWarmInstances = async () => {
      if (options.functionInstances !== 'process') {
        throw new Error(
          "dropWarmInstances needs the stack started with functionInstances: 'process'",
        );
      }
      await Promise.all(drops.map((drop) => drop()));
    };
    const submit = await httpFunction(submitFunction, resources);
    const status = await httpFunction(statusFunction, { tableName });
    const events = await httpFunction(eventsFunction, resources);
    const notify = await loadFunction<StreamHandler>(notifyFunction, config, {
      tableName,
      siteUrl,
    });
    const webhook = await loadFunction<StreamHandler>(webhookFunction, config, {
      tableName,
      siteUrl,
    });
    const followUp = await loadFunction<ScheduledHandler>(followUpFunction, config, {
      tableName,
      siteUrl,
    });
    const digest = await loadFunction<ScheduledHandler>(digestFunction, config, resources);

    const api = await startHttpRuntime({
      port: ports.api,
      routes: [
        {
          declaration: submitFunction as FunctionDeclaration & { trigger: HttpTrigger },
          handler: submit,
        },
        {
          declaration: statusFunction as FunctionDeclaration & { trigger: HttpTrigger },
          handler: status,
        },
        {
          declaration: eventsFunction as FunctionDeclaration & { trigger: HttpTrigger },
          handler: events,
        },
      ],
    });
    stops.push(api.stop);
    stops.push(() => Promise.all(drops.map((drop) => drop())).then(() => undefined));
    apiAddress.url = api.url;

    // Each stream-triggered function reads the table's stream through its own mapping, with its
    // own checkpoints and dead letters, as its event source mapping does in AWS.
    const streamMapping = (
      declaration: FunctionDeclaration,
      handler: StreamHandler,
      deadLetterFile: string,
      checkpointPrefix: string,
    ) => {
      if (declaration.trigger.type !== 'table-stream') {
        throw new Error(`${declaration.name} must be stream-triggered`);
      }
      const deadLetter = fileDeadLetterStore(join(dataDir, deadLetterFile));
      const poller = startStreamPoller({
        streams: clients.streams,
        tableStreamArn: table.streamArn,
        trigger: declaration.trigger,
        invoke: (event) => handler(event, lambdaContext(declaration, randomUUID())),
        functionName: declaration.name,
        invocationTimeoutMs: declaration.timeoutSeconds * 1000,
        region: LOCAL_REGION,
        deadLetter,
        checkpointFile: join(dataDir, `${checkpointPrefix}-${tableName}.json`),
      });
      stops.push(() => poller.stop());
      return { poller, deadLetter };
    };
    const { poller, deadLetter: deadLetters } = streamMapping(
      notifyFunction,
      notify,
      'dead-letters.jsonl',
      'stream-checkpoints',
    );
    const { poller: webhookPoller, deadLetter: webhookDeadLetters } = streamMapping(
      webhookFunction,
      webhook,
      'webhook-dead-letters.jsonl',
      'webhook-checkpoints',
    );

    const followUpTimer = startScheduledFunction({
      declaration: followUpFunction,
      config,
      handler: followUp,
      ...(options.followUpEveryMs !== undefined && { everyMs: options.followUpEveryMs }),
    });
    stops.push(followUpTimer.stop);
    const digestTimer = startScheduledFunction({
      declaration: digestFunction,
      config,
      handler: digest,
      ...(options.digestEveryMs !== undefined && { everyMs: options.digestEveryMs }),
    });
    stops.push(digestTimer.stop);

    let webUrl: string | undefined;
    if (options.web === 'dist' && campaignTable !== undefined) {
      const site = await startStaticServer({
        root: distDir,
        port: ports.web,
        apiUrl: api.url,
        viewerFunction: loadViewerFunction(viewerFunctionCode(campaignTable)),
        headers: options.siteHeaders ?? (() => siteSecurityHeaders(distDir)),
      });
      stops.push(site.stop);
      webUrl = site.url;
    } else if (vite !== undefined) {
      await vite.listen();
      webUrl = `http://127.0.0.1:${ports.web}`;
    }

    return {
      config,
      apiUrl: api.url,
      ...(webUrl !== undefined && { webUrl }),
      sesUrl: emulators.sesUrl,
      webhookUrl: receiver.url,
      dynamodbEndpoint: emulators.dynamodbEndpoint,
      tableName,
      db: clients.db,
      deadLetters,
      webhookDeadLetters,
      idle: async () => {
        await poller.idle();
        await webhookPoller.idle();
      },
      followUp: followUpTimer.runNow,
      digest: digestTimer.runNow,
      dropWarmInstances,
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
    webhook: 'the local webhook receiver',
  }[name];
}

/** File name of the local webhook signing secret inside the data directory. */
const LOCAL_WEBHOOK_SECRET_FILE = 'webhook-secret';

/**
 * The configuration with the webhook pointed at the local receiver, unless cdk.json (or an
 * override) already names one.
 */
function withLocalWebhook(config: AppConfig, port: number): AppConfig {
  if (config.alerts.webhook !== undefined) return config;
  return {
    ...config,
    alerts: {
      ...config.alerts,
      webhook: { url: `http://127.0.0.1:${port}${LOCAL_WEBHOOK_PATH}`, format: 'json' },
    },
  };
}
