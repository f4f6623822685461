/**
 * Recognising a repeat request: the same phone number or email address asked before, within
 * `followUp.repeatWindowDays`. The clinic email then says so ("Asked before: 3 days ago, ref …,
 * status contacted"), so the desk calls back knowing the history.
 *
 * The number and the address are never indexed in clear. Each lead gets one small item per
 * contact in its own partition (`sk = CONTACT#phone` / `CONTACT#email`) holding a keyed hash:
 * HMAC-SHA256 of the normalised value (E.164 phone, lower-cased address) under a key derived
 * with HKDF from the status-link key the notify function already holds (no second secret to
 * read at cold start; a distinct HKDF label makes it a separate key). A plain hash would not
 * do: phone numbers are few enough to hash them all. The `byContact` index on that hash
 * projects keys only, and is read with a Query (never a scan). One item per contact rather than
 * attributes on the lead item because an index key holds one value per item and a lead may
 * have both a number and an address.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { E164 } from '../contract/clinic-format';
import { rethrowTransient } from '../lib/aws-errors';
import { leadKey, type LeadStatus } from '../lib/lead-item';
import { LEADS_TABLE } from '../lib/table-spec';

const [, BY_CONTACT] = LEADS_TABLE.globalSecondaryIndexes;

/** HKDF label of the contact key: changing it starts the repeat history afresh. */
const CONTACT_KEY_INFO = 'lead-contact-key:v1';

/** Earlier requests listed in the note at most (the newest); more are counted. */
const LISTED_MAX = 1;

const DAY_MS = 24 * 60 * 60 * 1000;

const translate = (error: unknown): never => rethrowTransient(error, 'The leads table');

/** The key the contact hashes are made with, derived from the status-link key. */
function deriveContactKey(linkKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', linkKey, Buffer.alloc(0), CONTACT_KEY_INFO, 32));
}

/** Which contact a hash is of. */
export type ContactChannel = 'phone' | 'email';

/** The keyed hashes of a lead's phone number (E.164 only) and email address (lower-cased). */
function contactHashes(
  key: Uint8Array,
  lead: { readonly phone?: string | undefined; readonly email?: string | undefined },
): { readonly channel: ContactChannel; readonly hash: string }[] {
  const values: [ContactChannel, string | undefined][] = [
    ['phone', lead.phone !== undefined && E164.test(lead.phone) ? lead.phone : undefined],
    ['email', lead.email?.trim().toLowerCase() || undefined],
  ];
  return values.flatMap(([channel, value]) =>
    value === undefined
      ? []
      : [
          {
            channel,
            hash: createHmac('sha256', key)
              .update(`${channel}:${value}`, 'utf8')
              .digest('base64url'),
          },
        ],
  );
}

/** An earlier request by the same person. */
export interface EarlierRequest {
  readonly id: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly status: LeadStatus;
}

export interface RepeatDeps {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The status-link key, which the contact key is derived from. */
  readonly linkKey: () => Promise<Uint8Array>;
  /** Days back an earlier request counts. */
  readonly windowDays: number;
}

/** The lead as the check needs it; `expiresAt` (epoch seconds) is given to its contact items. */
export interface LeadContacts {
  readonly id: string;
  readonly createdAt: string;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
  readonly expiresAt?: number | undefined;
}

/**
 * Records the lead's contact hashes (idempotent: a retry writes the same items) and returns the
 * earlier requests with the same phone number or address made within the window before it,
 * newest first. A lead since deleted (its retention ended) is left out.
 */
export async function findEarlierRequests(
  lead: LeadContacts,
  deps: RepeatDeps,
): Promise<EarlierRequest[]> {
  const hashes = contactHashes(deriveContactKey(await deps.linkKey()), lead);
  const sortKey = `${lead.createdAt}#${lead.id}`;
  const from = new Date(Date.parse(lead.createdAt) - deps.windowDays * DAY_MS).toISOString();
  const earlierIds = new Set<string>();
  for (const { channel, hash } of hashes) {
    await putContactItem(deps, lead, channel, hash, sortKey);
    for (const id of await leadIdsWithHash(deps, hash, from, sortKey)) {
      if (id !== lead.id) earlierIds.add(id);
    }
  }
  const earlier: EarlierRequest[] = [];
  for (const id of earlierIds) {
    const request = await readEarlier(deps, id);
    if (request !== undefined) earlier.push(request);
  }
  return earlier.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function putContactItem(
  deps: RepeatDeps,
  lead: LeadContacts,
  channel: ContactChannel,
  hash: string,
  sortKey: string,
): Promise<void> {
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.tableName,
        Item: {
          pk: leadKey(lead.id).pk,
          sk: `CONTACT#${channel}`,
          entity: 'contact-key',
          [BY_CONTACT.partitionKey.name]: hash,
          [BY_CONTACT.sortKey.name]: sortKey,
          ...(lead.expiresAt !== undefined && { expiresAt: lead.expiresAt }),
        },
      }),
    );
  } catch (error) {
    translate(error);
  }
}

/** Ids of the leads whose contact item has `hash`, made from `from` up to `to` (inclusive). */
async function leadIdsWithHash(
  deps: RepeatDeps,
  hash: string,
  from: string,
  to: string,
): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    let output: QueryCommandOutput;
    try {
      output = await deps.db.send(
        new QueryCommand({
          TableName: deps.tableName,
          IndexName: BY_CONTACT.indexName,
          KeyConditionExpression: '#hash = :hash AND #sort BETWEEN :from AND :to',
          ExpressionAttributeNames: {
            '#hash': BY_CONTACT.partitionKey.name,
            '#sort': BY_CONTACT.sortKey.name,
          },
          ExpressionAttributeValues: { ':hash': hash, ':from': from, ':to': to },
          ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
        }),
      );
    } catch (error) {
      return translate(error);
    }
    for (const item of output.Items ?? []) {
      const pk: unknown = item.pk;
      if (typeof pk === 'string' && pk.startsWith('LEAD#')) ids.push(pk.slice('LEAD#'.length));
    }
    startKey = output.LastEvaluatedKey;
  } while (startKey !== undefined);
  return ids;
}

async function readEarlier(deps: RepeatDeps, id: string): Promise<EarlierRequest | undefined> {
  let item: Record<string, unknown> | undefined;
  try {
    item = (
      await deps.db.send(
        new GetCommand({
          TableName: deps.tableName,
          Key: leadKey(id),
          ProjectionExpression: '#createdAt, #status',
          ExpressionAttributeNames: { '#createdAt': 'createdAt', '#status': 'status' },
        }),
      )
    ).Item;
  } catch (error) {
    return translate(error);
  }
  if (typeof item?.createdAt !== 'string' || typeof item.status !== 'string') return undefined;
  return { id, createdAt: item.createdAt, status: item.status as LeadStatus };
}

/** "3 days ago", "5 hours ago", "12 minutes ago": how long before `at` the request came. */
function ago(createdAt: string, at: Date): string {
  const minutes = Math.max(0, Math.floor((at.getTime() - Date.parse(createdAt)) / 60_000));
  const [count, unit] =
    minutes < 60
      ? [minutes, 'minute']
      : minutes < 24 * 60
        ? [Math.floor(minutes / 60), 'hour']
        : [Math.floor(minutes / (24 * 60)), 'day'];
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/**
 * The note for the clinic email, e.g. "3 days ago, ref <id>, status contacted", or `undefined`
 * when nobody asked before. `at` is when this lead arrived.
 */
export function askedBeforeNote(earlier: readonly EarlierRequest[], at: Date): string | undefined {
  const listed = earlier.slice(0, LISTED_MAX);
  if (listed.length === 0) return undefined;
  const parts = listed.map((r) => `${ago(r.createdAt, at)}, ref ${r.id}, status ${r.status}`);
  const more = earlier.length - listed.length;
  return more > 0
    ? `${parts.join('; ')} (and ${more} earlier request${more === 1 ? '' : 's'})`
    : parts.join('; ');
}
