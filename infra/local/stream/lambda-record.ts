/**
 * Records from the DynamoDB Streams API turned into the records Lambda hands a function.
 */
import type {
  _Record as StreamsRecord,
  AttributeValue as StreamsAttributeValue,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

function toLambdaValue(value: StreamsAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  throw new TypeError('A stream record holds an attribute value of an unknown type');
}

function toLambdaImage(
  image: Record<string, StreamsAttributeValue>,
): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaValue(v)]));
}

/** A record from the Streams API in the form Lambda hands a function (JSON: base64 binaries). */
export function toLambdaRecord(
  record: StreamsRecord,
  streamArn: string,
  region: string | undefined,
): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const awsRegion = region ?? record.awsRegion;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    ...(awsRegion !== undefined && { awsRegion }),
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime !== undefined && {
        ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000),
      }),
      ...(d.Keys !== undefined && { Keys: toLambdaImage(d.Keys) }),
      ...(d.NewImage !== undefined && { NewImage: toLambdaImage(d.NewImage) }),
      ...(d.OldImage !== undefined && { OldImage: toLambdaImage(d.OldImage) }),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
    },
    ...(record.userIdentity !== undefined && {
      userIdentity: {
        type: record.userIdentity.Type,
        principalId: record.userIdentity.PrincipalId,
      },
    }),
  };
}
