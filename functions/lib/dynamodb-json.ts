/**
 * DynamoDB spoken directly, for the submit function's cold path: its two writes (`UpdateItem`
 * for the rate limit, `PutItem` for the lead) as DynamoDB's JSON protocol over one keep-alive
 * connection, signed with Signature Version 4 from Lambda's own credentials (the environment),
 * retried like the AWS SDK's standard mode (three attempts, exponential back-off with full
 * jitter, on throttling, time-outs, 5xx and network failures, as its classifier names them).
 *
 * Why not the SDK here: a patient's first submission waits for the function to load. The SDK's
 * DynamoDB client is most of a 290 KiB bundle and much of a fresh process's time to its first
 * stored lead (README, "Cold path"); this module is a few kilobytes. Every other function, which
 * no patient waits on, keeps the SDK.
 *
 * Its errors look like the SDK's (`name` is DynamoDB's exception name, `$metadata.httpStatusCode`
 * is set; network failures keep Node's `code`), so `aws-errors.ts` classifies both alike.
 */
import { createHash, createHmac } from 'node:crypto';
import { isTransientAwsError } from './aws-errors';

/** An attribute in DynamoDB's typed form. */
export type AttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly M: Readonly<Record<string, AttributeValue>> }
  | { readonly L: readonly AttributeValue[] };

/** One HTTP exchange; the client's only contact with the outside (tests replace it). */
export type Transport = (request: {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}) => Promise<{ readonly statusCode: number; readonly body: string }>;

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface TableClientOptions {
  /** Default: `AWS_REGION`. */
  readonly region?: string;
  /** Default: `AWS_ENDPOINT_URL_DYNAMODB`, then `AWS_ENDPOINT_URL`, then the region's endpoint. */
  readonly endpoint?: string;
  /** Default: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (Lambda's role). */
  readonly credentials?: Credentials;
  /** Default: Node's http or https with a keep-alive agent. */
  readonly transport?: Transport;
  /** Attempts per operation, the first included. Default 3, as the SDK's standard mode. */
  readonly maxAttempts?: number;
  /** Time to wait for an answer, per attempt. Default 3 s. */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), for the back-off's jitter. */
  readonly random?: () => number;
}

/** The operations this client sends. */
export type Operation = 'PutItem' | 'UpdateItem';

/** What DynamoDB answered with an error, shaped like the SDK's service exceptions. */
export class DynamoDbError extends Error {
  readonly $metadata: { readonly httpStatusCode: number };
  /** The item as stored, on a `ConditionalCheckFailedException` that asked for it. */
  readonly item: Readonly<Record<string, AttributeValue>> | undefined;

  constructor(
    name: string,
    message: string,
    statusCode: number,
    item?: Record<string, AttributeValue>,
  ) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: statusCode };
    this.item = item;
  }
}

/** Raised for a setting the client cannot work without (no region, no credentials). */
export class TableClientConfigError extends Error {
  override readonly name = 'TableClientConfigError';
}

/** A DynamoDB client for the submit path's writes. */
export interface TableClient {
  /** Sends one operation; resolves to DynamoDB's JSON answer, or throws {@link DynamoDbError}. */
  send(operation: Operation, input: Readonly<Record<string, unknown>>): Promise<unknown>;
}

const SERVICE = 'dynamodb';
const TARGET_PREFIX = 'DynamoDB_20120810.';
/** The SDK standard mode's back-off: a base of 100 ms doubled per attempt, at most 20 s. */
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 20_000;

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) =>
  createHmac('sha256', key).update(text).digest();

/** `20261130T153500Z`: the request time as Signature Version 4 writes it. */
const amzDate = (date: Date) => date.toISOString().replace(/[-:]|\.\d{3}/g, '');

/** The region's DynamoDB endpoint in the commercial, China and GovCloud partitions. */
export function regionalEndpoint(region: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new TableClientConfigError(`"${region}" is not an AWS region name`);
  }
  return `https://${SERVICE}.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/**
 * The request's headers with its Signature Version 4 `authorization` (and the `host`, date,
 * payload hash and session token headers it signs): every header is signed, the body by its
 * SHA-256, for `dynamodb` in `region`.
 */
export function signRequest(
  request: {
    readonly url: URL;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  },
  context: { readonly credentials: Credentials; readonly region: string; readonly date: Date },
): Record<string, string> {
  const { credentials, region } = context;
  const stamp = amzDate(context.date);
  const day = stamp.slice(0, 8);
  const payloadHash = sha256Hex(request.body);
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
    host: request.url.host,
    // Sent and signed as the SDK's signer does.
    'x-amz-content-sha256': payloadHash,
    'x-amz-date': stamp,
    ...(credentials.sessionToken !== undefined && {
      'x-amz-security-token': credentials.sessionToken,
    }),
  };
  const sorted = Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : 1));
  const signedHeaders = sorted.map(([name]) => name).join(';');
  const canonicalRequest = [
    'POST',
    // Never empty for an http(s) URL: "/" at least.
    request.url.pathname,
    '',
    ...sorted.map(([name, value]) => `${name}:${value.trim().replace(/\s+/g, ' ')}`),
    '',
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${SERVICE}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), SERVICE),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** Node's http or https, whichever the endpoint needs, loaded once, with a keep-alive agent. */
function nodeTransport(endpoint: URL): Transport {
  const loaded = (endpoint.protocol === 'http:' ? import('node:http') : import('node:https')).then(
    (module) => ({ module, agent: new module.Agent({ keepAlive: true, maxSockets: 50 }) }),
  );
  return async ({ url, headers, body, timeoutMs }) => {
    const { module, agent } = await loaded;
    return new Promise((resolve, reject) => {
      const sized = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
      const request = module.request(url, { method: 'POST', headers: sized, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            statusCode: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      request.setTimeout(timeoutMs, () => {
        const timeout = new Error(`DynamoDB did not answer within ${timeoutMs} ms`);
        timeout.name = 'TimeoutError';
        request.destroy(timeout);
      });
      request.on('error', reject);
      request.end(body);
    });
  };
}

/** DynamoDB's error answer as an error: its exception's short name and message. */
function errorFrom(statusCode: number, body: string): DynamoDbError {
  let parsed: { __type?: unknown; message?: unknown; Message?: unknown; Item?: unknown } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // Not JSON (a proxy's page, say): named by its status below.
  }
  const type = typeof parsed.__type === 'string' ? parsed.__type : '';
  const name = type.slice(type.lastIndexOf('#') + 1) || `Http${statusCode}Error`;
  const message = parsed.message ?? parsed.Message;
  return new DynamoDbError(
    name,
    typeof message === 'string' ? message : `DynamoDB answered ${statusCode}`,
    statusCode,
    typeof parsed.Item === 'object' && parsed.Item !== null
      ? (parsed.Item as Record<string, AttributeValue>)
      : undefined,
  );
}

function envCredentials(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new TableClientConfigError(
      'No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function’s role)',
    );
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

/**
 * A client for the submit path's writes. The region and endpoint are read when it is made, the
 * credentials at its first request (Lambda's do not change during an execution environment's
 * life).
 */
export function createTableClient(options: TableClientOptions = {}): TableClient {
  // An empty variable counts as unset, as in the SDK.
  const region: string =
    options.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || '';
  if (region === '') throw new TableClientConfigError('No AWS region: AWS_REGION is not set');
  const endpoint = new URL(
    options.endpoint ||
      process.env.AWS_ENDPOINT_URL_DYNAMODB ||
      process.env.AWS_ENDPOINT_URL ||
      regionalEndpoint(region),
  );
  let credentials = options.credentials;
  const transport = options.transport ?? nodeTransport(endpoint);
  const maxAttempts = options.maxAttempts ?? 3;
  const timeoutMs = options.timeoutMs ?? 3000;
  const now = options.now ?? (() => new Date());
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;

  async function attempt(operation: Operation, body: string): Promise<unknown> {
    credentials ??= envCredentials();
    const headers = signRequest(
      {
        url: endpoint,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `${TARGET_PREFIX}${operation}`,
        },
        body,
      },
      { credentials, region, date: now() },
    );
    const answer = await transport({ url: endpoint, headers, body, timeoutMs });
    if (answer.statusCode < 200 || answer.statusCode >= 300) {
      throw errorFrom(answer.statusCode, answer.body);
    }
    return answer.body === '' ? {} : (JSON.parse(answer.body) as unknown);
  }

  return {
    async send(operation, input) {
      const body = JSON.stringify(input);
      for (let attempts = 1; ; attempts++) {
        try {
          return await attempt(operation, body);
        } catch (error) {
          if (attempts >= maxAttempts || !isTransientAwsError(error)) throw error;
          await sleep(
            Math.floor(random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempts)),
          );
        }
      }
    },
  };
}

/**
 * A value in DynamoDB's typed form, as the SDK's document client writes it with
 * `removeUndefinedValues` (an `undefined` in a map or list is left out). Refuses what DynamoDB
 * cannot hold exactly: a number that is not finite or an integer past 2^53, a class instance.
 */
export function toAttributeValue(value: unknown, path = 'value'): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'boolean':
      return { BOOL: value };
    case 'number':
      if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
        throw new TypeError(`${path} (${value}) cannot be stored exactly as a DynamoDB number`);
      }
      return { N: String(value) };
    case 'bigint':
      return { N: value.toString() };
    case 'object': {
      if (Array.isArray(value)) {
        return {
          L: value
            .map((item, i) => toAttributeValue(item, `${path}[${i}]`))
            .filter((item) => item !== undefined),
        };
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype === Object.prototype || prototype === null) {
        return { M: toAttributeMap(value, path) };
      }
      break;
    }
  }
  throw new TypeError(`${path} is a ${typeof value} DynamoDB cannot store`);
}

/** A plain object's fields in DynamoDB's typed form (an item, a key, expression values). */
export function toAttributeMap(fields: object, path = 'item'): Record<string, AttributeValue> {
  const map: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    const attribute = toAttributeValue(value, `${path}.${name}`);
    if (attribute !== undefined) map[name] = attribute;
  }
  return map;
}
