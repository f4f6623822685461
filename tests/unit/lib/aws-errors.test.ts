import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientAwsError, rethrowTransient } from '../../../functions/lib/aws-errors';
import { ServiceUnavailableError } from '../../../functions/lib/errors';

/**
 * Every error here is made by the real SDK from a real HTTP answer (or a real failure to get
 * one): a local server plays the service and answers as the service does on the wire.
 */
interface Answer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Never answer: the client's own timeout ends the request. */
  readonly hang?: boolean;
}

let server: Server;
let endpoint: string;
let answer: Answer = { status: 200, body: '{}' };

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    if (answer.hang === true) return;
    response.writeHead(answer.status, answer.headers ?? {});
    response.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const common = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  // One attempt: the SDK's own retries would hide the first error behind a slow test.
  maxAttempts: 1,
};

/** The error a DynamoDB call fails with when the service answers `status` with `type`. */
async function dynamoError(status: number, type: string): Promise<unknown> {
  answer = {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: 'x' }),
  };
  return failureOf(
    new DynamoDBClient({ ...common, endpoint }).send(
      new GetItemCommand({ TableName: 'leads', Key: { pk: { S: 'a' } } }),
    ),
  );
}

/** The error an SES call fails with when the service answers `status` with `type`. */
async function sesError(status: number, type: string): Promise<unknown> {
  answer = {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ message: 'x' }),
  };
  return failureOf(
    new SESv2Client({ ...common, endpoint }).send(
      new SendEmailCommand({
        FromEmailAddress: 'clinic@example.com',
        Destination: { ToAddresses: ['front-desk@example.com'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } },
      }),
    ),
  );
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('The call succeeded; a failure was expected');
}

describe('Function: isTransientAwsError', () => {
  describe('on errors the SDK makes from real service answers', () => {
    it.each([
      [
        'DynamoDB throttling (400)',
        () => dynamoError(400, 'ProvisionedThroughputExceededException'),
        'ProvisionedThroughputExceededException',
      ],
      [
        'DynamoDB request limit (400)',
        () => dynamoError(400, 'RequestLimitExceeded'),
        'RequestLimitExceeded',
      ],
      [
        'DynamoDB ThrottlingException (400)',
        () => dynamoError(400, 'ThrottlingException'),
        'ThrottlingException',
      ],
      [
        'DynamoDB internal error (500)',
        () => dynamoError(500, 'InternalServerError'),
        'InternalServerError',
      ],
      [
        'a 503 without a known name',
        () => dynamoError(503, 'ServiceUnavailable'),
        'ServiceUnavailable',
      ],
      ['a 502 from a proxy', () => dynamoError(502, 'BadGateway'), 'BadGateway'],
      ['a 501 (another 5xx)', () => dynamoError(501, 'NotImplemented'), 'NotImplemented'],
      [
        'SES too many requests (429)',
        () => sesError(429, 'TooManyRequestsException'),
        'TooManyRequestsException',
      ],
      [
        'SES limit exceeded (429)',
        () => sesError(429, 'LimitExceededException'),
        'LimitExceededException',
      ],
      [
        'SES internal error (500)',
        () => sesError(500, 'InternalServiceErrorException'),
        'InternalServiceErrorException',
      ],
    ])('%s is transient', async (_case, fail, name) => {
      const error = await fail();
      expect((error as Error).name).toBe(name);
      expect(isTransientAwsError(error)).toBe(true);
    });

    it.each([
      [
        'a failed condition',
        () => dynamoError(400, 'ConditionalCheckFailedException'),
        'ConditionalCheckFailedException',
      ],
      [
        'a missing table',
        () => dynamoError(400, 'ResourceNotFoundException'),
        'ResourceNotFoundException',
      ],
      ['a malformed request', () => dynamoError(400, 'ValidationException'), 'ValidationException'],
      ['access denied', () => dynamoError(400, 'AccessDeniedException'), 'AccessDeniedException'],
      ['SES rejecting the message', () => sesError(400, 'MessageRejected'), 'MessageRejected'],
      [
        'SES sending paused',
        () => sesError(400, 'SendingPausedException'),
        'SendingPausedException',
      ],
      ['SES not found (404)', () => sesError(404, 'NotFoundException'), 'NotFoundException'],
    ])('%s is not transient', async (_case, fail, name) => {
      const error = await fail();
      expect((error as Error).name).toBe(name);
      expect(isTransientAwsError(error)).toBe(false);
    });
  });

  describe('on failures to reach the service', () => {
    it('counts the client timing out as transient', async () => {
      answer = { status: 200, hang: true };
      const client = new DynamoDBClient({
        ...common,
        endpoint,
        requestHandler: { requestTimeout: 50, throwOnRequestTimeout: true },
      });
      const error = await failureOf(
        client.send(new GetItemCommand({ TableName: 'leads', Key: { pk: { S: 'a' } } })),
      );
      expect((error as Error).name).toBe('TimeoutError');
      expect(isTransientAwsError(error)).toBe(true);
    });

    it('counts a refused connection as transient', async () => {
      // A port that was just free and is closed again: nothing listens there.
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const client = new DynamoDBClient({ ...common, endpoint: `http://127.0.0.1:${port}` });
      const error = await failureOf(
        client.send(new GetItemCommand({ TableName: 'leads', Key: { pk: { S: 'a' } } })),
      );
      expect((error as { code?: string }).code).toBe('ECONNREFUSED');
      expect(isTransientAwsError(error)).toBe(true);
    });

    it('counts a transient failure wrapped as the cause of another as transient', async () => {
      const failed = await dynamoError(500, 'InternalServerError');
      expect(isTransientAwsError(new Error('store failed', { cause: failed }))).toBe(true);
    });
  });

  it.each([
    ['a plain programming error', new TypeError('x is undefined')],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' })],
    ['a thrown string', 'ECONNREFUSED'],
    ['undefined', undefined],
  ])('does not count %s as transient', (_case, error) => {
    expect(isTransientAwsError(error)).toBe(false);
  });
});

describe('Function: rethrowTransient', () => {
  it('turns a transient failure into a retryable 503 named without its message', async () => {
    const throttled = await dynamoError(400, 'ProvisionedThroughputExceededException');
    let thrown: unknown;
    try {
      rethrowTransient(throttled, 'The leads table', 7);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ServiceUnavailableError);
    expect((thrown as ServiceUnavailableError).retryAfterSeconds).toBe(7);
    expect((thrown as Error).message).toBe(
      'The leads table is unavailable (ProvisionedThroughputExceededException)',
    );
    expect((thrown as Error).cause).toBe(throttled);
  });

  it('throws any other failure on unchanged', async () => {
    const failed = await dynamoError(400, 'ConditionalCheckFailedException');
    expect(() => rethrowTransient(failed, 'The leads table')).toThrow(failed as Error);
  });
});
