/**
 * Creates the leads table on DynamoDB Local from the one table declaration (the same one the
 * CDK construct reads): keys, index, stream and TTL.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { LEADS_TABLE } from '../../functions/lib/table-spec';

export interface CreatedTable {
  readonly tableArn: string;
  readonly streamArn: string;
}

type IndexSpec = (typeof LEADS_TABLE.globalSecondaryIndexes)[number];

const indexOf = (index: IndexSpec) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: index.projectionType },
});

/**
 * Creates the table if it does not exist yet (a restart keeps the existing one and its data),
 * and adds any declared index an older table lacks, as a deploy adds it in AWS.
 */
export async function createLeadsTable(
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<CreatedTable> {
  try {
    const existing = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set(
      (existing.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName),
    );
    for (const index of LEADS_TABLE.globalSecondaryIndexes) {
      if (present.has(index.indexName)) continue;
      await dynamodb.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [index.partitionKey, index.sortKey].map((key) => ({
            AttributeName: key.name,
            AttributeType: key.type,
          })),
          GlobalSecondaryIndexUpdates: [{ Create: indexOf(index) }],
        }),
      );
    }
    return described(await dynamodb.send(new DescribeTableCommand({ TableName: tableName })));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const keys = [LEADS_TABLE.partitionKey, LEADS_TABLE.sortKey];
  const attributes = new Map<string, string>();
  for (const key of [
    ...keys,
    ...LEADS_TABLE.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]) {
    attributes.set(key.name, key.type);
  }
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
        AttributeName,
        AttributeType: AttributeType as 'S' | 'N' | 'B',
      })),
      KeySchema: [
        { AttributeName: LEADS_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: LEADS_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: LEADS_TABLE.globalSecondaryIndexes.map(indexOf),
      StreamSpecification: { StreamEnabled: true, StreamViewType: LEADS_TABLE.streamViewType },
    }),
  );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: LEADS_TABLE.timeToLiveAttribute, Enabled: true },
    }),
  );
  return described(await dynamodb.send(new DescribeTableCommand({ TableName: tableName })));
}

function described(output: {
  Table?: { TableArn?: string | undefined; LatestStreamArn?: string | undefined } | undefined;
}): CreatedTable {
  const tableArn = output.Table?.TableArn;
  const streamArn = output.Table?.LatestStreamArn;
  if (tableArn === undefined || streamArn === undefined) {
    throw new Error('The leads table exists without a stream: delete .data/ to recreate it');
  }
  return { tableArn, streamArn };
}
