/**
 * `npm run report` and `npm run export` with `--stage` alone: the table is the one the stage's
 * deployed stack names in its LeadsTableName output, read with the operator's credentials. The
 * SDK clients answer with recorded CloudFormation answers and an empty table; nothing reaches
 * AWS and no credentials are needed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExport } from '../../../infra/scripts/export';
import { runReport } from '../../../infra/scripts/report';
import { stackMissing } from '../doctor/recorded-answers';

const TABLE = 'LeadCapture-dev-LeadStoreLeads7C1E3F42-1XQ9T0ZK7M2PA';
const metadata = { httpStatusCode: 200, requestId: '5b0c2f3e-1d9a-4e8b-a6f1-0c7d2e9b4a31' };

/** DescribeStacks of LeadCapture-dev as CloudFormation answers it, with the outputs given. */
const stackAnswer = (
  status: string,
  outputs: { OutputKey: string; OutputValue: string }[],
): DescribeStacksCommandOutput => ({
  $metadata: metadata,
  Stacks: [
    {
      StackId:
        'arn:aws:cloudformation:us-east-1:111122223333:stack/LeadCapture-dev/5c1e8a70-9f2b-11f0-8d0e-0affd1c2b3a5',
      StackName: 'LeadCapture-dev',
      CreationTime: new Date('2026-11-20T15:02:11.000Z'),
      StackStatus: status as 'CREATE_COMPLETE',
      Outputs: outputs,
    },
  ],
});

const DEPLOYED = stackAnswer('UPDATE_COMPLETE', [
  { OutputKey: 'SiteUrl', OutputValue: 'https://d1a2b3c4d5e6f7.cloudfront.net' },
  { OutputKey: 'LeadsTableName', OutputValue: TABLE },
]);

const NO_CREDENTIALS = Object.assign(new Error('Could not load credentials from any providers'), {
  name: 'CredentialsProviderError',
});

const ACCESS_DENIED = new CloudFormationServiceException({
  name: 'AccessDenied',
  $fault: 'client',
  message:
    'User: arn:aws:iam::111122223333:user/marketer is not authorized to perform: cloudformation:DescribeStacks',
  $metadata: { ...metadata, httpStatusCode: 403 },
});

describe('A stage named without --table', () => {
  const cloudformation = mockClient(CloudFormationClient);
  const dynamo = mockClient(DynamoDBDocumentClient);
  let dir: string;

  beforeEach(() => {
    cloudformation.reset();
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ $metadata: metadata, Items: [], Count: 0 });
    dir = mkdtempSync(join(tmpdir(), 'stage-target-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const report = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runReport(
      ['--stage', 'dev', '--from', '2026-11-02', '--to', '2026-11-08', ...argv],
      {
        env: {},
        campaigns: { 'back-pain-2026': ['control'] },
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        now: () => new Date('2026-11-10T12:00:00Z'),
      },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it("reads the table the stage's stack names", async () => {
    cloudformation.on(DescribeStacksCommand).resolves(DEPLOYED);
    const { code, out, err } = await report('--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      period: { from: '2026-11-02', to: '2026-11-08', timeZone: 'America/Chicago' },
      totals: { sessions: 0, requests: 0 },
    });
    expect(cloudformation.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input)).toEqual([
      { StackName: 'LeadCapture-dev' },
    ]);
    const tables = new Set(dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input.TableName));
    expect([...tables]).toEqual([TABLE]);
  });

  it('uses --table when given, without asking CloudFormation', async () => {
    const { code } = await report('--table', 'leads-by-hand', '--format', 'json');
    expect(code).toBe(0);
    expect(cloudformation.commandCalls(DescribeStacksCommand)).toHaveLength(0);
    const tables = new Set(dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input.TableName));
    expect([...tables]).toEqual(['leads-by-hand']);
  });

  it.each([
    [
      'no such stack',
      stackMissing('LeadCapture-dev'),
      'No stack LeadCapture-dev in us-east-1: deploy stage dev first (npm run deploy -- -c stage=dev), check deployment.region and your account (AWS_PROFILE), or name the table with --table <name>',
    ],
    [
      'no credentials',
      NO_CREDENTIALS,
      'No usable AWS credentials (CredentialsProviderError) to read stack LeadCapture-dev in us-east-1: set AWS_PROFILE or sign in (aws sso login)',
    ],
    [
      'no permission to read the stack',
      ACCESS_DENIED,
      'Access denied reading stack LeadCapture-dev in us-east-1: the credentials need cloudformation:DescribeStacks on it, or name the table with --table <name>',
    ],
  ])('says what to do when there is %s, and reads nothing', async (_, answer, message) => {
    cloudformation.on(DescribeStacksCommand).rejects(answer);
    const { code, out, err } = await report();
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(message);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('says so when the stack is still being made and has no table output yet', async () => {
    cloudformation
      .on(DescribeStacksCommand)
      .resolves(
        stackAnswer('CREATE_IN_PROGRESS', [
          { OutputKey: 'SiteUrl', OutputValue: 'https://d1a2b3c4d5e6f7.cloudfront.net' },
        ]),
      );
    const { code, err } = await report();
    expect(code).toBe(1);
    expect(err).toBe(
      'Stack LeadCapture-dev in us-east-1 (CREATE_IN_PROGRESS) has no LeadsTableName output: wait for its deploy to finish (npm run deploy -- -c stage=dev), or name the table with --table <name>',
    );
  });

  it('exports from the same table', async () => {
    cloudformation.on(DescribeStacksCommand).resolves(DEPLOYED);
    const out: string[] = [];
    const code = await runExport(['--since', '2026-11-01', '--stage', 'dev', '--out', 'x.csv'], {
      env: {},
      campaigns: { 'back-pain-2026': ['control'] },
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      cwd: dir,
      now: () => new Date('2026-11-10T12:00:00Z'),
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toContain(
      `Exported 0 leads created since 2026-11-01 from ${TABLE} in us-east-1`,
    );
    expect(readFileSync(join(dir, 'x.csv'), 'utf8').split('\r\n')[0]).toMatch(/^id,/);
    const tables = new Set(dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input.TableName));
    expect([...tables]).toEqual([TABLE]);
  });
});
