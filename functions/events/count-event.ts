/**
 * The core of `POST /api/events`: screen the event (bots, previews, malformed), rate-limit the
 * client, and add one to the day's counter of its campaign, variant, event and coarse source.
 * Nothing else is kept: no record of the visit, no address, no user agent, no identifier.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_FUNNEL_EVENT_BYTES } from '../contract/funnel-events';
import { RateLimitedError } from '../lib/errors';
import { resolveCampaign, type FunnelCampaigns } from '../lib/funnel/campaigns';
import { addToCounter, type CounterKey } from '../lib/funnel/counters';
import { clinicDay } from '../lib/zoned-time';
import { coarseSource, dropReasonOfHeaders, parseEventBody, type DropReason } from './event-filter';
import type { RateLimiter } from './rate-limiter';

export interface CountEventDeps {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly campaigns: FunnelCampaigns;
  readonly timeZone: string;
  readonly limiter: RateLimiter;
  readonly now: () => Date;
}

/** A decoded request, free of HTTP details. */
export interface EventRequest {
  readonly body: Buffer;
  readonly header: (name: string) => string | undefined;
  /** Used for the rate limit only, in memory, through a keyed hash; never stored. */
  readonly clientAddress: string;
}

export type CountResult =
  | { readonly counted: true; readonly counter: CounterKey }
  | { readonly counted: false; readonly reason: DropReason };

/** Counts one event, or says why it was dropped; throws {@link RateLimitedError} in a flood. */
export async function countEvent(
  request: EventRequest,
  deps: CountEventDeps,
): Promise<CountResult> {
  const now = deps.now();
  // Automation is dropped before it can use up a visitor's share of the limit.
  const screened = dropReasonOfHeaders(request.header);
  if (screened !== undefined) return { counted: false, reason: screened };
  const wait = deps.limiter.take(request.clientAddress, now);
  if (wait !== undefined) throw new RateLimitedError(wait);
  if (request.body.byteLength > MAX_FUNNEL_EVENT_BYTES)
    return { counted: false, reason: 'oversized' };
  const parsed = parseEventBody(new TextDecoder('utf-8').decode(request.body));
  if (!parsed.ok) return { counted: false, reason: parsed.reason };
  const { campaign, variant } = resolveCampaign(
    deps.campaigns,
    parsed.body.campaign,
    parsed.body.variant,
  );
  const counter: CounterKey = {
    day: clinicDay(now, deps.timeZone),
    campaign,
    variant,
    event: parsed.body.event,
    source: coarseSource(parsed.body.source),
    medium: coarseSource(parsed.body.medium),
  };
  await addToCounter(deps.db, deps.tableName, counter);
  return { counted: true, counter };
}
