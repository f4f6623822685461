import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEADS_TABLE } from '../../functions/lib/table-spec';
import { resourcesOf, synthesize, type Synthesized } from './support/app';

describe('Construct: LeadStore (dev stage, cdk.json defaults)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize();
  });

  it('is one on-demand table keyed as the table declaration says', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: LEADS_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: LEADS_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
    });
  });

  it('is encrypted with its own customer-managed key, which rotates', () => {
    const [[keyId]] = resourcesOf(synth.template, 'AWS::KMS::Key').filter(([, key]) =>
      JSON.stringify(key).includes('Encrypts the leads'),
    ) as [[string, unknown]];
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
    });
    synth.template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('Encrypts the leads'),
      EnableKeyRotation: true,
    });
  });

  it('keeps point-in-time recovery on', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('expires items on the TTL attribute the functions write', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: {
        AttributeName: LEADS_TABLE.timeToLiveAttribute,
        Enabled: true,
      },
    });
  });

  it('streams each new image, the outbox notifications read', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });

  it('has the index the monthly listing of leads needs', () => {
    const [index] = LEADS_TABLE.globalSecondaryIndexes;
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          // Repeat requests: keyed hashes of a number or address, projecting keys only, so
          // no phone number, address or other lead field is copied into it.
          IndexName: 'byContact',
          KeySchema: [
            { AttributeName: 'contactKey', KeyType: 'HASH' },
            { AttributeName: 'contactSort', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
  });

  it('can be torn down in a stage that does not retain data', () => {
    expect(synth.config.stageSettings.retainData).toBe(false);
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});
