import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { createLeadsTable } from '../../infra/local/create-table';
import { useLocalAws } from '../support/local-aws';

describe('Local emulators', () => {
  const aws = useLocalAws();

  it('creates the leads table with its stream from the table declaration', async () => {
    const { dynamodb, streams, tableName, streamArn } = aws();
    const tables = await dynamodb.send(new ListTablesCommand({}));
    expect(tables.TableNames).toContain(tableName);
    const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    expect(stream.StreamDescription?.StreamViewType).toBe('NEW_IMAGE');
  });

  it('keeps an existing table when asked to create it again', async () => {
    const { dynamodb, tableName, streamArn } = aws();
    const again = await createLeadsTable(dynamodb, tableName);
    expect(again.streamArn).toBe(streamArn);
  });
});
