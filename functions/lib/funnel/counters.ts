/**
 * The funnel's daily counters in the leads table: one item per clinic day, campaign, variant,
 * event and coarse source, holding a number and nothing else. No request, address, browser or
 * identifier is ever written: an event only adds one to its counter.
 *
 * Items: `pk = FUNNEL#<day>`, `sk = <campaign>#<variant>#<event>#<source>#<medium>`,
 * `entity = funnel-count`, the parts again as attributes, `count`, and a TTL. A period is read
 * with one Query per day, never a Scan (counter-reader.ts: apart, so the events function's
 * bundle and role need no Query).
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FunnelEvent } from '../../contract/funnel-events';
import { rethrowTransient } from '../aws-errors';

/** Counters are counts, not patient data; kept two years so a year can be set against the last. */
const COUNTER_RETENTION_DAYS = 731;

/** What one counter counts. */
export interface CounterKey {
  /** Clinic day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly campaign: string;
  readonly variant: string;
  readonly event: FunnelEvent;
  /** Coarse utm_source, or "(none)". */
  readonly source: string;
  /** Coarse utm_medium, or "(none)". */
  readonly medium: string;
}

export interface CounterItem extends CounterKey {
  readonly count: number;
}

/** The partition of a day's counters. */
export const counterPartition = (day: string) => `FUNNEL#${day}`;

/** The key of one counter item. */
function counterItemKey(key: CounterKey) {
  return {
    pk: counterPartition(key.day),
    sk: [key.campaign, key.variant, key.event, key.source, key.medium].join('#'),
  };
}

/** The epoch second a counter of `day` expires. */
const counterExpiry = (day: string) =>
  Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + COUNTER_RETENTION_DAYS * 86_400;

/** A whole counter item holding `count` (to write demo data with a plain Put). */
export function counterItem(key: CounterKey, count: number) {
  return {
    ...counterItemKey(key),
    entity: 'funnel-count',
    ...key,
    count,
    expiresAt: counterExpiry(key.day),
  };
}

/** Adds `by` to a counter, creating it at `by`: one atomic update, safe under concurrency. */
export async function addToCounter(
  db: DynamoDBDocumentClient,
  tableName: string,
  key: CounterKey,
  by = 1,
): Promise<void> {
  const expiresAt = counterExpiry(key.day);
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: counterItemKey(key),
        UpdateExpression:
          'ADD #count :by SET #entity = :entity, #day = :day, #campaign = :campaign, #variant = :variant, #event = :event, #source = :source, #medium = :medium, #expiresAt = :expiresAt',
        ExpressionAttributeNames: {
          '#count': 'count',
          '#entity': 'entity',
          '#day': 'day',
          '#campaign': 'campaign',
          '#variant': 'variant',
          '#event': 'event',
          '#source': 'source',
          '#medium': 'medium',
          '#expiresAt': 'expiresAt',
        },
        ExpressionAttributeValues: {
          ':by': by,
          ':entity': 'funnel-count',
          ':day': key.day,
          ':campaign': key.campaign,
          ':variant': key.variant,
          ':event': key.event,
          ':source': key.source,
          ':medium': key.medium,
          ':expiresAt': expiresAt,
        },
      }),
    );
  } catch (error) {
    rethrowTransient(error, 'The counters table', 1);
  }
}
