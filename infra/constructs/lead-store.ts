import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { LEADS_TABLE } from '../../functions/lib/table-spec';
import type { TableAccess } from '../manifest';
import { acknowledge } from '../nag';
import { limitGrantsToAwsServices } from './key-grants';

/** Props of {@link LeadStore}. */
export interface LeadStoreProps {
  /**
   * Keep the table and its key when the stack is deleted, and turn on deletion protection
   * (stages.<stage>.retainData). Production stages set it: leads are patient data.
   * @default false
   */
  readonly retainData?: boolean;
}

/**
 * The DynamoDB actions a function may take on lead items. Only the item-level calls the
 * functions make: no Scan, no BatchWrite, no DeleteItem, so no function can read or erase the
 * table wholesale. `tests/infra/least-privilege.test.ts` checks these against the commands the
 * bundled code sends, and lists them itself, so widening this list fails that test.
 */
const TABLE_ACTIONS = {
  /** Writes a lead or a counter (PutItem/UpdateItem, conditional) and reads one back. */
  write: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  /** Reads one item by key. */
  read: ['dynamodb:GetItem'],
} as const;

/**
 * KMS actions DynamoDB performs with the table key on behalf of a caller. Named one by one:
 * CDK's table grants add `kms:ReEncrypt*` and `kms:GenerateDataKey*`, wildcards this product
 * does not allow on data.
 */
const KEY_ACTIONS = {
  write: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
  read: ['kms:Decrypt'],
} as const;

/**
 * The leads table (declared in functions/lib/table-spec.ts): on demand, encrypted with a
 * customer-managed key, point-in-time recovery, TTL, and a NEW_IMAGE stream that is the
 * outbox notifications are sent from.
 */
export class LeadStore extends Construct {
  /** Customer-managed key of the table, its stream and the notification dead-letter queue. */
  public readonly key: kms.Key;
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: LeadStoreProps = {}) {
    super(scope, id);
    const retain = props.retainData ?? false;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the leads (patient data) of ${Stack.of(this).stackName}`,
      enableKeyRotation: true,
      // A retained table is unreadable without its key, so the key follows the table.
      removalPolicy,
      pendingWindow: Duration.days(30),
    });

    // DynamoDB still gets its grant: it creates it as an AWS service for the table.
    limitGrantsToAwsServices(this.key);

    const spec = LEADS_TABLE;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute(spec.partitionKey),
      sortKey: attribute(spec.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: spec.timeToLiveAttribute,
      stream: dynamodb.StreamViewType[spec.streamViewType],
      deletionProtection: retain,
      removalPolicy,
    });
    for (const index of spec.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projectionType],
      });
    }
    acknowledge(
      this.table,
      'Point-in-time recovery keeps a continuous 35-day backup of the table, restorable to any second; an AWS Backup plan would add a second copy of the patient data to guard and to expire.',
      'HIPAA.Security-DynamoDBInBackupPlan',
    );
  }

  /**
   * Lets a function read lead items by key, and write them when `write` is set, with the
   * matching use of the table key through DynamoDB only.
   */
  grantItems(grantee: iam.IGrantable, access: { readonly write: boolean }): void {
    const level = access.write ? 'write' : 'read';
    // The table alone: these item calls never touch an index, so no `index/*` wildcard.
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...TABLE_ACTIONS[level]],
      resourceArns: [this.table.tableArn],
    });
    this.grantKeyVia(grantee, 'dynamodb', KEY_ACTIONS[level]);
  }

  /**
   * Lets a function take only `access.actions`, only on items whose partition key starts with
   * one of `access.keyPrefixes` (`dynamodb:LeadingKeys`), with the matching use of the key.
   */
  grantKeys(grantee: iam.IGrantable, access: TableAccess): void {
    const writes = access.actions.some((a) => a === 'PutItem' || a === 'UpdateItem');
    iam.Grant.addToPrincipal({
      grantee,
      actions: access.actions.map((a) => `dynamodb:${a}`),
      // A Query may read the byMonth index (named: no `index/*` wildcard).
      resourceArns: access.actions.includes('Query')
        ? [
            this.table.tableArn,
            `${this.table.tableArn}/index/${LEADS_TABLE.globalSecondaryIndexes[0].indexName}`,
          ]
        : [this.table.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': access.keyPrefixes.map((prefix) => `${prefix}*`),
        },
      },
    });
    this.grantKeyVia(grantee, 'dynamodb', KEY_ACTIONS[writes ? 'write' : 'read']);
  }

  /**
   * Lets a function query the named indexes (and nothing else of the table): the index ARNs
   * are spelled out, never `index/*`. The key use comes with {@link grantItems}.
   */
  grantIndexQuery(grantee: iam.IGrantable, indexNames: readonly string[]): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: indexNames.map((name) => `${this.table.tableArn}/index/${name}`),
    });
  }

  /**
   * Lets a principal use the table key only through one AWS service (`kms:ViaService`), so the
   * permission cannot decrypt anything outside that service.
   */
  grantKeyVia(grantee: iam.IGrantable, service: string, actions: readonly string[]): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: [this.key.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `${service}.${Stack.of(this).region}.amazonaws.com` },
      },
    });
  }
}

function attribute(spec: { readonly name: string; readonly type: 'S' | 'N' | 'B' }) {
  const types = {
    S: dynamodb.AttributeType.STRING,
    N: dynamodb.AttributeType.NUMBER,
    B: dynamodb.AttributeType.BINARY,
  } as const;
  return { name: spec.name, type: types[spec.type] };
}
