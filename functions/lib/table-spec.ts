/**
 * The one declaration of the leads table. The CDK construct and the local stack both build the
 * table from it, so keys, index, stream and TTL cannot drift apart.
 *
 * Items (single-table design):
 * - lead: `pk = LEAD#<id>`, `sk = LEAD`, `entity = lead`; `gsi1pk = LEADS#<yyyy-mm>`,
 *   `gsi1sk = <createdAt>#<id>` so the front desk can list a month's leads newest first.
 * - spam: `pk = SPAM#<id>`, `sk = SPAM`, short TTL, never emailed.
 * - rate-limit counter: `pk = RATE#<client hash>`, `sk = <window start>`, TTL of one window.
 * - contact key of a lead: `pk = LEAD#<id>`, `sk = CONTACT#phone` or `CONTACT#email`,
 *   `entity = contact-key`; `contactKey = <keyed hash of the number or address>`,
 *   `contactSort = <createdAt>#<id>`, the lead's TTL. The `byContact` index finds earlier
 *   requests from the same person (functions/notify/repeat-requests.ts) and projects only keys:
 *   no phone number or address, and not even the lead's own fields, is ever in it.
 */
export const LEADS_TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds after which DynamoDB deletes the item. */
  timeToLiveAttribute: 'expiresAt',
  /** The stream is the outbox: notify reads each new lead from it. */
  streamViewType: 'NEW_IMAGE',
  globalSecondaryIndexes: [
    {
      indexName: 'byMonth',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projectionType: 'ALL',
    },
    {
      indexName: 'byContact',
      partitionKey: { name: 'contactKey', type: 'S' },
      sortKey: { name: 'contactSort', type: 'S' },
      projectionType: 'KEYS_ONLY',
    },
  ],
} as const;
