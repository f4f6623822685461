/**
 * AWS SDK clients pointed at the local emulators. Credentials are placeholders: the emulators
 * accept any, and nothing local ever needs a real AWS account.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DOCUMENT_TRANSLATE } from '../../functions/lib/dynamo';
import { createTableClient, type TableClient } from '../../functions/lib/dynamodb-json';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalClients {
  readonly dynamodb: DynamoDBClient;
  readonly db: DynamoDBDocumentClient;
  /** The submit path's own DynamoDB client (no SDK), on the same emulator. */
  readonly table: TableClient;
  readonly streams: DynamoDBStreamsClient;
  readonly ses: SESv2Client;
  readonly destroy: () => void;
}

export function createLocalClients(options: {
  readonly dynamodbEndpoint: string;
  readonly sesUrl: string;
  readonly region?: string;
}): LocalClients {
  const common = { region: options.region ?? LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const dynamodb = new DynamoDBClient({ ...common, endpoint: options.dynamodbEndpoint });
  const db = DynamoDBDocumentClient.from(dynamodb, DOCUMENT_TRANSLATE);
  const table = createTableClient({ ...common, endpoint: options.dynamodbEndpoint });
  const streams = new DynamoDBStreamsClient({ ...common, endpoint: options.dynamodbEndpoint });
  const ses = new SESv2Client({ ...common, endpoint: options.sesUrl });
  return {
    dynamodb,
    db,
    table,
    streams,
    ses,
    destroy: () => {
      dynamodb.destroy();
      streams.destroy();
      ses.destroy();
    },
  };
}

/**
 * The environment that makes the functions' own module-scope SDK clients talk to the
 * emulators: the SDK's service-specific endpoint variables, placeholder credentials.
 */
export function localAwsEnvironment(options: {
  readonly dynamodbEndpoint: string;
  readonly sesUrl: string;
}): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SESV2: options.sesUrl,
    AWS_ENDPOINT_URL_SES: options.sesUrl,
  };
}
