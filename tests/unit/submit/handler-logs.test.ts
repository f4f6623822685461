import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { submitFunction } from '../../../infra/manifest';
import { leadsEvent, loadHandler } from '../../support/api-events';

type Handler = (
  event: APIGatewayProxyEventV2,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A Lambda context as the runtime passes it, with the fields the logger reads. */
const context = (awsRequestId: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'submit-lead-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:submit-lead-test',
  memoryLimitInMB: '256',
  awsRequestId,
  logGroupName: '/aws/lambda/submit-lead-test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

describe('Function: submit-lead handler logging', () => {
  const written: string[] = [];
  let handler: Handler;
  const saved = { ...process.env };

  beforeAll(async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    // What Lambda sets for an on-demand function; the logger reports cold starts only then.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    // Requests refused before the table is read: nothing listens at these addresses.
    ({ handler } = await loadHandler<{ handler: Handler }>(submitFunction, {
      tableName: 'leads-unit',
      dynamodbEndpoint: 'http://127.0.0.1:9',
      sesUrl: 'http://127.0.0.1:9',
    }));
  });

  afterAll(() => {
    vi.restoreAllMocks();
    process.env = saved;
  });

  /** A refused request (wrong method or type) with API Gateway's request id `requestId`. */
  const refused = (requestId: string, method: string) => {
    const event = leadsEvent({ method, contentType: 'text/plain' });
    event.requestContext.requestId = requestId;
    return event;
  };

  /** The JSON log lines written while `act` ran. */
  async function linesOf(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
    const from = written.length;
    await act();
    return written
      .slice(from)
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('marks the first invocation a cold start and the next not, with the function request id in every line', async () => {
    const first = await linesOf(() => handler(refused('api-1', 'POST'), context('fn-1')));
    const second = await linesOf(() => handler(refused('api-2', 'GET'), context('fn-2')));

    expect(first).not.toHaveLength(0);
    for (const line of first) {
      expect(line).toMatchObject({
        cold_start: true,
        function_name: 'submit-lead-test',
        function_request_id: 'fn-1',
        requestId: 'api-1',
        service: 'submit-lead',
      });
    }
    expect(second).not.toHaveLength(0);
    for (const line of second) {
      expect(line).toMatchObject({
        cold_start: false,
        function_request_id: 'fn-2',
        requestId: 'api-2',
      });
    }
  });
});
