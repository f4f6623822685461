/**
 * The submit path's own DynamoDB client: its signatures (against the AWS SDK's signer), what it
 * sends, how it retries and what it throws, its endpoints, and the typed form of the items.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createTableClient,
  DynamoDbError,
  regionalEndpoint,
  signRequest,
  TableClientConfigError,
  toAttributeMap,
  toAttributeValue,
  type Transport,
} from '../../../functions/lib/dynamodb-json';
import { isTransientAwsError } from '../../../functions/lib/aws-errors';

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';
const BODY = '{"TableName":"leads","Item":{"pk":{"S":"LEAD#1"}}}';
const DATE = new Date('2026-11-30T15:04:05.678Z');
const TARGET_HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': 'DynamoDB_20120810.PutItem',
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Signature Version 4', () => {
  // Each expected value is what @smithy/signature-v4 (the AWS SDK's signer) gives for the same
  // request, credentials, region and time.
  it.each([
    [
      'us-east-1',
      'https://dynamodb.us-east-1.amazonaws.com',
      undefined,
      'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target',
      '1a7b963d78929a86d632258166303b34851485a9e952b4be04bc592847e1437c',
    ],
    [
      'eu-west-2',
      'http://127.0.0.1:8000',
      undefined,
      'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target',
      '20be3342664a20fd718c36f85798b966baaa8c9184cf5b1c1979d647550ad5da',
    ],
    [
      'us-east-1',
      'https://dynamodb.us-east-1.amazonaws.com',
      TOKEN,
      'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target',
      'ccf08f97686c2e3b133cbfd96311abcd41c8df45caac18c7a492335d70977c16',
    ],
    [
      'eu-west-2',
      'http://127.0.0.1:8000',
      TOKEN,
      'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target',
      '9e531de3692e949cbdf4db8583f2f5aafd43b8cbbd8c8ef0f3d38e6b4de73cc7',
    ],
  ])(
    'signs as the SDK does (%s, %s, session token %s)',
    (region, url, sessionToken, signed, signature) => {
      const headers = signRequest(
        { url: new URL(url), headers: TARGET_HEADERS, body: BODY },
        { credentials: { ...CREDENTIALS, sessionToken }, region, date: DATE },
      );
      expect(headers.authorization).toBe(
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/${region}/dynamodb/aws4_request, SignedHeaders=${signed}, Signature=${signature}`,
      );
      expect(headers['x-amz-date']).toBe('20261130T150405Z');
      expect(headers.host).toBe(new URL(url).host);
      // SHA-256 of BODY, by `sha256sum`.
      expect(headers['x-amz-content-sha256']).toBe(
        '532b2cace560f29e9385d9298a28eeafbf310dc35586a1e660567aa42f1423d4',
      );
      expect(headers['x-amz-security-token']).toBe(sessionToken);
    },
  );

  it('signs a header value with its spaces trimmed and runs of blanks made one, as the SDK does', () => {
    const headers = signRequest(
      {
        url: new URL('https://dynamodb.us-east-1.amazonaws.com'),
        headers: { ...TARGET_HEADERS, 'X-Amz-Meta-Note': '  two   spaces\tand a tab  ' },
        body: BODY,
      },
      { credentials: CREDENTIALS, region: 'us-east-1', date: DATE },
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-note;x-amz-target, Signature=df67b1383f0c349961619621c7bd2e5609f81950211688a02a990fc5fc0163b9',
    );
  });

  it('changes the signature with the body, the time or the secret', () => {
    const sign = (body: string, date: Date, secretAccessKey: string) =>
      signRequest(
        { url: new URL('https://dynamodb.us-east-1.amazonaws.com'), headers: TARGET_HEADERS, body },
        { credentials: { ...CREDENTIALS, secretAccessKey }, region: 'us-east-1', date },
      ).authorization;
    const base = sign(BODY, DATE, CREDENTIALS.secretAccessKey);
    expect(sign(`${BODY} `, DATE, CREDENTIALS.secretAccessKey)).not.toBe(base);
    expect(sign(BODY, new Date(DATE.getTime() + 1000), CREDENTIALS.secretAccessKey)).not.toBe(base);
    expect(sign(BODY, DATE, 'another-secret')).not.toBe(base);
  });
});

/** A transport that answers from a list, recording every request. */
function scripted(...answers: Array<{ statusCode: number; body: string } | Error>) {
  const requests: Parameters<Transport>[0][] = [];
  const transport: Transport = (request) => {
    requests.push(request);
    const answer = answers.shift();
    if (answer === undefined) return Promise.reject(new Error('no answer left'));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { requests, transport };
}

const error = (type: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    __type: `com.amazonaws.dynamodb.v20120810#${type}`,
    message: `${type} here`,
    ...extra,
  });

const client = (transport: Transport, sleep = vi.fn(() => Promise.resolve())) =>
  createTableClient({
    region: 'us-east-1',
    credentials: CREDENTIALS,
    transport,
    now: () => DATE,
    sleep,
    random: () => 0.5,
  });

describe('The table client', () => {
  it('posts the operation to the region’s endpoint as DynamoDB’s JSON protocol, signed', async () => {
    const { requests, transport } = scripted({
      statusCode: 200,
      body: '{"ConsumedCapacity":null}',
    });
    const answer = await client(transport).send('PutItem', { TableName: 'leads' });
    expect(answer).toEqual({ ConsumedCapacity: null });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.url.href).toBe('https://dynamodb.us-east-1.amazonaws.com/');
    expect(request?.body).toBe('{"TableName":"leads"}');
    expect(request?.timeoutMs).toBe(3000);
    expect(request?.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261130\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/,
    );
  });

  it('answers an empty body as an empty object', async () => {
    const { transport } = scripted({ statusCode: 200, body: '' });
    await expect(client(transport).send('UpdateItem', {})).resolves.toEqual({});
  });

  it('retries throttling with growing, jittered waits, and succeeds on the third attempt', async () => {
    const sleep = vi.fn(() => Promise.resolve());
    const { requests, transport } = scripted(
      { statusCode: 400, body: error('ProvisionedThroughputExceededException') },
      { statusCode: 400, body: error('ThrottlingException') },
      { statusCode: 200, body: '{}' },
    );
    await expect(client(transport, sleep).send('PutItem', {})).resolves.toEqual({});
    expect(requests).toHaveLength(3);
    // Half (the random draw) of 100 ms × 2, then of 100 ms × 4.
    expect(sleep.mock.calls).toEqual([[100], [200]]);
  });

  it('gives up after three attempts on server errors, with the last error', async () => {
    const { requests, transport } = scripted(
      { statusCode: 500, body: error('InternalServerError') },
      { statusCode: 503, body: '<html>Service Unavailable</html>' },
      { statusCode: 500, body: error('InternalServerError') },
    );
    const failure = await client(transport)
      .send('PutItem', {})
      .catch((e: unknown) => e);
    expect(requests).toHaveLength(3);
    expect(failure).toBeInstanceOf(DynamoDbError);
    expect(failure).toMatchObject({
      name: 'InternalServerError',
      message: 'InternalServerError here',
      $metadata: { httpStatusCode: 500 },
    });
    expect(isTransientAwsError(failure)).toBe(true);
  });

  it('names an answer that is not DynamoDB’s JSON by its status, and retries a 5xx one', async () => {
    const { requests, transport } = scripted(
      { statusCode: 502, body: '<html>Bad Gateway</html>' },
      { statusCode: 200, body: '{}' },
    );
    await expect(client(transport).send('PutItem', {})).resolves.toEqual({});
    expect(requests).toHaveLength(2);
    const { transport: once } = scripted({ statusCode: 403, body: 'Forbidden' });
    await expect(client(once).send('PutItem', {})).rejects.toMatchObject({
      name: 'Http403Error',
      message: 'DynamoDB answered 403',
    });
  });

  it('retries a dropped connection (Node’s network error codes)', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { requests, transport } = scripted(reset, { statusCode: 200, body: '{}' });
    await expect(client(transport).send('UpdateItem', {})).resolves.toEqual({});
    expect(requests).toHaveLength(2);
  });

  it('does not retry a failed condition, and hands back the item stored', async () => {
    const item = { id: { S: 'abc' }, kind: { S: 'callback' } };
    const { requests, transport } = scripted({
      statusCode: 400,
      body: error('ConditionalCheckFailedException', { Item: item }),
    });
    const failure = await client(transport)
      .send('PutItem', {})
      .catch((e: unknown) => e);
    expect(requests).toHaveLength(1);
    expect(failure).toMatchObject({
      name: 'ConditionalCheckFailedException',
      item,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('does not retry a request DynamoDB refuses as invalid', async () => {
    const { requests, transport } = scripted({
      statusCode: 400,
      body: error('ValidationException'),
    });
    await expect(client(transport).send('PutItem', {})).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'ValidationException here',
    });
    expect(requests).toHaveLength(1);
  });

  it('hands back no item when the answer’s Item is not an object', async () => {
    for (const item of [null, 'LEAD#1', 7]) {
      const { transport } = scripted({
        statusCode: 400,
        body: error('ConditionalCheckFailedException', { Item: item }),
      });
      const failure = await client(transport)
        .send('PutItem', {})
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DynamoDbError);
      expect((failure as DynamoDbError).item).toBeUndefined();
    }
  });

  it.each([100, 204, 299, 300, 301])(
    'treats status %i as an answer only when it is 2xx',
    async (statusCode) => {
      const { transport } = scripted({ statusCode, body: '' });
      const outcome = await client(transport)
        .send('PutItem', {})
        .then(
          () => 'answered',
          (e: unknown) => (e as Error).name,
        );
      expect(outcome).toBe(
        statusCode >= 200 && statusCode < 300 ? 'answered' : `Http${statusCode}Error`,
      );
    },
  );

  it('sends the session token Lambda’s role gives, read from the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', TOKEN);
    const { requests, transport } = scripted({ statusCode: 200, body: '{}' });
    await createTableClient({ region: 'eu-west-2', transport }).send('PutItem', {});
    expect(requests[0]?.headers['x-amz-security-token']).toBe(TOKEN);
    expect(requests[0]?.headers.authorization).toContain('Credential=ASIAEXAMPLE/');
    expect(requests[0]?.url.href).toBe('https://dynamodb.eu-west-2.amazonaws.com/');
  });

  it('says which credentials are missing, when the first request is made', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    const { requests, transport } = scripted();
    const table = createTableClient({ region: 'us-east-1', transport });
    await expect(table.send('PutItem', {})).rejects.toThrow(
      new TableClientConfigError(
        'No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function’s role)',
      ),
    );
    expect(requests).toHaveLength(0);
  });

  it.each([
    ['AKIDEXAMPLE', ''],
    ['', 'secret'],
  ])('refuses half a set of credentials (key id "%s", secret "%s")', async (id, secret) => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', id);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', secret);
    const { requests, transport } = scripted();
    await expect(
      createTableClient({ region: 'us-east-1', transport }).send('PutItem', {}),
    ).rejects.toBeInstanceOf(TableClientConfigError);
    expect(requests).toHaveLength(0);
  });

  it('waits between attempts on the clock when no wait is given', async () => {
    vi.useFakeTimers();
    try {
      const { requests, transport } = scripted(
        { statusCode: 500, body: error('InternalServerError') },
        { statusCode: 200, body: '{}' },
      );
      const table = createTableClient({
        region: 'us-east-1',
        credentials: CREDENTIALS,
        transport,
        random: () => 0.999,
      });
      const sent = table.send('PutItem', {});
      // 0.999 of 100 ms × 2, rounded down: 199 ms.
      await vi.advanceTimersByTimeAsync(198);
      expect(requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(requests).toHaveLength(2);
      await expect(sent).resolves.toEqual({});
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when there is no region', () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    expect(() => createTableClient({ credentials: CREDENTIALS })).toThrow(
      'No AWS region: AWS_REGION is not set',
    );
  });

  it('takes the endpoint given, else the SDK’s endpoint variables, else the region’s', async () => {
    const url = async (options: Parameters<typeof createTableClient>[0]) => {
      const { requests, transport } = scripted({ statusCode: 200, body: '{}' });
      await createTableClient({
        region: 'us-east-1',
        credentials: CREDENTIALS,
        transport,
        ...options,
      }).send('PutItem', {});
      return requests[0]?.url.href;
    };
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', '');
    vi.stubEnv('AWS_ENDPOINT_URL', '');
    expect(await url({})).toBe('https://dynamodb.us-east-1.amazonaws.com/');
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:4566');
    expect(await url({})).toBe('http://127.0.0.1:4566/');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', 'http://127.0.0.1:8000');
    expect(await url({})).toBe('http://127.0.0.1:8000/');
    expect(await url({ endpoint: 'http://localhost:9000' })).toBe('http://localhost:9000/');
  });
});

describe('Regional endpoints', () => {
  it.each([
    ['us-east-1', 'https://dynamodb.us-east-1.amazonaws.com'],
    ['eu-west-2', 'https://dynamodb.eu-west-2.amazonaws.com'],
    ['us-gov-west-1', 'https://dynamodb.us-gov-west-1.amazonaws.com'],
    ['cn-north-1', 'https://dynamodb.cn-north-1.amazonaws.com.cn'],
  ])('%s → %s', (region, endpoint) => {
    expect(regionalEndpoint(region)).toBe(endpoint);
  });

  it('takes a region numbered past 9', () => {
    expect(regionalEndpoint('ap-southeast-10')).toBe(
      'https://dynamodb.ap-southeast-10.amazonaws.com',
    );
  });

  it.each([
    '',
    'us-east',
    'US-EAST-1',
    'evil.com/x-1',
    'evil.us-east-1',
    'us-east-1.attacker.example',
  ])('refuses "%s", which is no region name, saying so', (region) => {
    expect(() => regionalEndpoint(region)).toThrow(
      new TableClientConfigError(`"${region}" is not an AWS region name`),
    );
    const failure = (() => {
      try {
        return regionalEndpoint(region);
      } catch (e) {
        return e;
      }
    })();
    expect(failure).toMatchObject({ name: 'TableClientConfigError' });
  });
});

describe('The default transport (Node’s http, keep-alive)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });
  const listen = async (handler: Parameters<typeof createServer>[1]) => {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('sends the signed request and reads the answer', async () => {
    const seen: { headers: IncomingHttpHeaders; body: string; method: string | undefined }[] = [];
    const endpoint = await listen((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ headers: request.headers, body, method: request.method });
        response.setHeader('content-type', 'application/x-amz-json-1.0');
        response.end('{"Attributes":{"count":{"N":"1"}}}');
      });
    });
    const table = createTableClient({ region: 'us-east-1', credentials: CREDENTIALS, endpoint });
    await expect(table.send('UpdateItem', { TableName: 'leads' })).resolves.toEqual({
      Attributes: { count: { N: '1' } },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.body).toBe('{"TableName":"leads"}');
    expect(seen[0]?.headers.host).toBe(new URL(endpoint).host);
    // Sized, never chunked: DynamoDB wants the length up front.
    expect(seen[0]?.headers['content-length']).toBe('21');
    expect(seen[0]?.headers['transfer-encoding']).toBeUndefined();
    expect(seen[0]?.headers['x-amz-target']).toBe('DynamoDB_20120810.UpdateItem');
    expect(seen[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
  });

  it('keeps one connection for one request after another', async () => {
    const endpoint = await listen((request, response) => {
      request.resume();
      request.on('end', () => response.end('{}'));
    });
    let connections = 0;
    server?.on('connection', () => (connections += 1));
    const table = createTableClient({ region: 'us-east-1', credentials: CREDENTIALS, endpoint });
    await table.send('UpdateItem', {});
    await table.send('PutItem', {});
    expect(connections).toBe(1);
  });

  it('fails a request whose answer breaks off, as a retryable dropped connection', async () => {
    const endpoint = await listen((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"Attri');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const table = createTableClient({
      region: 'us-east-1',
      credentials: CREDENTIALS,
      endpoint,
      maxAttempts: 1,
    });
    const failure = await table.send('PutItem', {}).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'ECONNRESET' });
    expect(isTransientAwsError(failure)).toBe(true);
  });

  it('speaks TLS to an https endpoint (here a plain-HTTP server, so the handshake fails)', async () => {
    const endpoint = await listen((request, response) => {
      request.resume();
      request.on('end', () => response.end('{}'));
    });
    const table = createTableClient({
      region: 'us-east-1',
      credentials: CREDENTIALS,
      endpoint: endpoint.replace('http:', 'https:'),
      maxAttempts: 1,
    });
    const failure = await table.send('PutItem', {}).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EPROTO' });
  });

  it('gives up on an endpoint that does not answer, as a retryable time-out', async () => {
    const endpoint = await listen(() => {
      // Never answers.
    });
    const table = createTableClient({
      region: 'us-east-1',
      credentials: CREDENTIALS,
      endpoint,
      timeoutMs: 50,
      maxAttempts: 1,
    });
    const failure = await table.send('PutItem', {}).catch((e: unknown) => e);
    expect(failure).toMatchObject({
      name: 'TimeoutError',
      message: 'DynamoDB did not answer within 50 ms',
    });
    expect(isTransientAwsError(failure)).toBe(true);
  });
});

describe('Items in DynamoDB’s typed form', () => {
  it('writes each kind of value as the SDK’s document client does', () => {
    expect(
      toAttributeMap({
        name: 'Ann Lee',
        empty: '',
        count: 3,
        ratio: 0.25,
        big: 12345678901234567890n,
        consent: true,
        nothing: null,
        skipped: undefined,
        nested: { a: 'x', gone: undefined, deeper: { n: -1 } },
        list: ['a', undefined, 2, false],
      }),
    ).toEqual({
      name: { S: 'Ann Lee' },
      empty: { S: '' },
      count: { N: '3' },
      ratio: { N: '0.25' },
      big: { N: '12345678901234567890' },
      consent: { BOOL: true },
      nothing: { NULL: true },
      nested: { M: { a: { S: 'x' }, deeper: { M: { n: { N: '-1' } } } } },
      list: { L: [{ S: 'a' }, { N: '2' }, { BOOL: false }] },
    });
  });

  it('takes an object without a prototype, at the top or inside', () => {
    const bare = () => Object.assign(Object.create(null) as object, { a: 'b' });
    expect(toAttributeMap(bare())).toEqual({ a: { S: 'b' } });
    expect(toAttributeMap({ inner: bare() })).toEqual({ inner: { M: { a: { S: 'b' } } } });
  });

  it('leaves no trace of an undefined field, not even the key', () => {
    const map = toAttributeMap({ kept: 'x', gone: undefined });
    expect(Object.keys(map)).toEqual(['kept']);
  });

  it('names the value itself when it is given alone', () => {
    expect(() => toAttributeValue(Number.NaN)).toThrow(
      new TypeError('value (NaN) cannot be stored exactly as a DynamoDB number'),
    );
  });

  it.each([
    [{ n: Number.NaN }, 'item.n (NaN) cannot be stored exactly as a DynamoDB number'],
    [{ n: Infinity }, 'item.n (Infinity) cannot be stored exactly as a DynamoDB number'],
    [{ n: 2 ** 53 }, 'item.n (9007199254740992) cannot be stored exactly as a DynamoDB number'],
    [{ at: new Date(0) }, 'item.at is a object DynamoDB cannot store'],
    [{ list: [() => 1] }, 'item.list[0] is a function DynamoDB cannot store'],
    [{ s: Symbol('x') }, 'item.s is a symbol DynamoDB cannot store'],
  ])('refuses %o, naming the field', (fields, message) => {
    expect(() => toAttributeMap(fields)).toThrow(new TypeError(message));
  });

  it('leaves out a value that is undefined at the top', () => {
    expect(toAttributeValue(undefined)).toBeUndefined();
  });
});
