import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/manifest';
import { bundleFunction, REPO_ROOT } from '../../infra/bundling';
import { LeadStore } from '../../infra/constructs/lead-store';
import {
  actionsOf,
  resourcesOf,
  roleOfFunction,
  statementsOfRole,
  synthesize,
  type Statement,
  type Synthesized,
} from './support/app';

/** The IAM action each SDK command needs. A command missing here fails the test below. */
const COMMAND_ACTIONS: Readonly<Record<string, string>> = {
  GetCommand: 'dynamodb:GetItem',
  GetItemCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  SendEmailCommand: 'ses:SendEmail',
  GetSecretValueCommand: 'secretsmanager:GetSecretValue',
  // Operations the submit path's own client sends by name (functions/lib/dynamodb-json.ts).
  PutItem: 'dynamodb:PutItem',
  UpdateItem: 'dynamodb:UpdateItem',
};

/** Actions AWS offers on no narrower resource than "*". */
const ONLY_ON_ANY_RESOURCE = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'dynamodb:ListStreams',
  'cloudfront:CreateInvalidation',
  'cloudfront:GetInvalidation',
]);

/**
 * SDK commands (and operations sent by name through the submit path's own client) the
 * function's own code (under functions/) sends, read from its bundle inputs.
 */
function commandsSentBy(entry: string): string[] {
  const fn = FUNCTIONS.find((f) => f.entry === entry)!;
  const { metafile } = bundleFunction(fn, mkdtempSync(join(tmpdir(), 'least-privilege-')));
  const sources = Object.keys(metafile.inputs).filter((input) => input.startsWith('functions/'));
  const commands = new Set<string>();
  for (const source of sources) {
    const text = readFileSync(join(REPO_ROOT, source), 'utf8');
    for (const match of text.matchAll(/new (\w+Command)\(/g)) commands.add(match[1]!);
    for (const match of text.matchAll(/\.send\(\s*'(\w+)'/g)) commands.add(match[1]!);
  }
  return [...commands].sort();
}

describe('Least privilege (dev stage, cdk.json defaults and a webhook)', () => {
  let synth: Synthesized;
  let allStatements: Statement[];
  beforeAll(() => {
    // With a webhook, so its function (deployed only then) is checked like every other.
    synth = synthesize({ alerts: { webhook: { url: 'https://crm.example.com/hooks/leads' } } });
    allStatements = resourcesOf(synth.template, 'AWS::IAM::Policy').flatMap(
      ([, policy]) =>
        (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument
          .Statement,
    );
  });

  it.each(FUNCTIONS.map((fn) => [fn.name, fn] as const))(
    'grants %s every call its code makes on the table and SES',
    (_name, fn) => {
      const granted = new Set(
        statementsOfRole(synth.template, roleOfFunction(synth.template, fn.entry)).flatMap(
          actionsOf,
        ),
      );
      const commands = commandsSentBy(fn.entry);
      expect(commands.length).toBeGreaterThan(0);
      for (const command of commands) {
        const action = COMMAND_ACTIONS[command];
        expect(action, `IAM action of ${command}: add it to COMMAND_ACTIONS`).toBeDefined();
        expect([...granted], `${fn.name} sends ${command}`).toContain(action);
      }
    },
  );

  it('gives no function a wildcard action, on data or anything else', () => {
    for (const fn of FUNCTIONS) {
      const statements = statementsOfRole(synth.template, roleOfFunction(synth.template, fn.entry));
      for (const action of statements.flatMap(actionsOf)) {
        expect(action, `${fn.name} may ${action}`).not.toContain('*');
      }
    }
  });

  it('has no wildcard action on the table, its key, the queue or the email identity', () => {
    const data = ['LeadStoreTable', 'LeadStoreKey', 'DeadLetterQueue', 'SenderIdentity', ':ses:'];
    const onData = allStatements.filter((s) =>
      data.some((marker) => JSON.stringify(s.Resource).includes(marker)),
    );
    expect(onData.length).toBeGreaterThan(4);
    for (const action of onData.flatMap(actionsOf)) expect(action).not.toContain('*');
  });

  it('allows "*" as a resource only for actions that have no narrower resource', () => {
    for (const statement of allStatements.filter((s) => JSON.stringify(s.Resource) === '"*"')) {
      for (const action of actionsOf(statement)) expect(ONLY_ON_ANY_RESOURCE).toContain(action);
    }
  });

  it('lets the notify function query the byContact index alone, never the table', () => {
    const queries = statementsOfRole(
      synth.template,
      roleOfFunction(synth.template, 'functions/notify/handler.ts'),
    ).filter((s) => actionsOf(s).includes('dynamodb:Query'));
    expect(queries).toHaveLength(1);
    const resources = JSON.stringify(queries[0]!.Resource);
    expect(resources).toMatch(/\/index\/byContact"\]\]\}$/);
    expect(resources).not.toContain('byMonth');
  });

  it('never lets a function scan, batch-write or delete leads', () => {
    const forbidden = ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'];
    for (const fn of FUNCTIONS) {
      const actions = statementsOfRole(
        synth.template,
        roleOfFunction(synth.template, fn.entry),
      ).flatMap(actionsOf);
      for (const action of forbidden) expect(actions).not.toContain(action);
    }
  });

  it('lets the table key be used only through DynamoDB or SQS', () => {
    const keyUses = allStatements.filter(
      (s) =>
        JSON.stringify(s.Resource).includes('LeadStoreKey') &&
        actionsOf(s).some((a) => a === 'kms:Encrypt' || a === 'kms:GenerateDataKey'),
    );
    expect(keyUses.length).toBeGreaterThan(0);
    for (const statement of keyUses) {
      expect(JSON.stringify(statement.Condition)).toMatch(
        /"kms:ViaService":"(dynamodb|sqs)\.us-east-1\.amazonaws\.com"/,
      );
    }
  });
});

describe('Method: LeadStore.grantItems', () => {
  const grantsFor = (write: boolean) => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'GrantStack', { env: { region: 'us-east-1' } });
    const store = new LeadStore(stack, 'LeadStore');
    const role = new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    store.grantItems(role, { write });
    const statements = Object.values(
      Template.fromStack(stack).findResources('AWS::IAM::Policy'),
    ).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
    return statements.flatMap(actionsOf);
  };

  // The allowed actions, listed here by hand: a grant that widens fails until this list does.
  it('gives a function that does not write leads read access only, and decrypt via DynamoDB', () => {
    const actions = grantsFor(false);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:GetItem']);
    expect(actions.filter((a) => a.startsWith('kms:'))).toEqual(['kms:Decrypt']);
    expect(actions.filter((a) => !/^(dynamodb|kms):/.test(a))).toEqual([]);
  });

  it('gives a function that writes leads item writes, and nothing table-wide', () => {
    const actions = grantsFor(true);
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(actions.filter((a) => a.startsWith('kms:')).sort()).toEqual([
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
    ]);
    expect(actions.filter((a) => !/^(dynamodb|kms):/.test(a))).toEqual([]);
  });
});
