/**
 * The core of `POST /api/leads`: rate-limit the client, validate, and store the lead with one
 * conditional write. Email is not sent here: the table's stream carries each new lead to the
 * notify function, so the answer depends only on the durable write.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { KnownCampaigns } from '../contract/campaigns';
import { IdempotencyConflictError, RateLimitedError, ValidationError } from '../lib/errors';
import { leadKey, monthKey, type LeadItem } from '../lib/lead-item';
import { cutCharacters } from '../contract/text-rules';
import {
  isHoneypotFilled,
  LEAD_KINDS,
  LIMITS,
  validateLead,
  type BodyFormat,
  type LeadKind,
  type PhoneNormaliser,
  type ValidLead,
} from '../contract/lead-schema';
import type { TableClient } from '../lib/dynamodb-json';
import { putLead, putSpam, takeRateToken } from '../lib/lead-store';
import { recordedAttribution } from './attribution';

export interface SubmitConfig {
  readonly retentionDays: number;
  readonly spamRetentionDays: number;
  readonly rateLimit: { readonly maxPerWindow: number; readonly windowSeconds: number };
  /** Version of the consent disclosure the page shows. */
  readonly consentVersion: string;
  /** The deployed campaigns and their variants: what a lead's campaign and variant may be. */
  readonly campaigns: KnownCampaigns;
}

export interface SubmitDeps {
  /** The table's client: DynamoDB spoken directly (functions/lib/dynamodb-json.ts). */
  readonly db: TableClient;
  readonly tableName: string;
  readonly config: SubmitConfig;
  readonly normalisePhone: PhoneNormaliser;
  readonly now: () => Date;
}

/** A decoded request, free of HTTP details. */
export interface SubmitRequest {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly via: BodyFormat;
  /** From the `Idempotency-Key` header, when sent. */
  readonly idempotencyKeyHeader?: string | undefined;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The address of the page the form was posted from (the Referer header), when sent. */
  readonly referer?: string | undefined;
}

export interface SubmitResult {
  readonly id: string;
  readonly kind: LeadItem['kind'];
  /** False for an idempotent replay: nothing new was stored. */
  readonly created: boolean;
  /** True when the honeypot caught it: answered as success, kept only as spam. */
  readonly spam: boolean;
}

const DAY_SECONDS = 24 * 60 * 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stores a lead from a submitted form. Throws the app's errors for every refusal. */
export async function submitLead(request: SubmitRequest, deps: SubmitDeps): Promise<SubmitResult> {
  const now = deps.now();
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { maxPerWindow, windowSeconds } = deps.config.rateLimit;
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  const withinLimit = await takeRateToken(deps.db, deps.tableName, {
    client: clientFingerprint(request.sourceIp),
    windowStart,
    windowSeconds,
    max: maxPerWindow,
  });
  if (!withinLimit) {
    throw new RateLimitedError(Math.max(1, windowStart + windowSeconds - nowSeconds));
  }

  const fields = withHeaderKey(request.fields, request.idempotencyKeyHeader);
  const createdAt = now.toISOString();

  // Before any rule: a bot that filled the trap learns nothing, not even which field it was.
  if (isHoneypotFilled(fields)) {
    const key = fields.idempotencyKey;
    const id =
      typeof key === 'string' && UUID.test(key.trim())
        ? idFromKey(key.trim().toLowerCase())
        : randomUUID();
    await putSpam(deps.db, deps.tableName, {
      id,
      createdAt,
      expiresAt: nowSeconds + deps.config.spamRetentionDays * DAY_SECONDS,
      fields: spamFields(request.fields),
    });
    const kind: LeadKind = LEAD_KINDS.find((k) => k === fields.kind) ?? 'callback';
    return { id, kind, created: true, spam: true };
  }

  const validation = validateLead(fields, deps.normalisePhone, { via: request.via });
  if (!validation.ok) throw new ValidationError(validation.fields);
  const lead = {
    ...validation.lead,
    attribution: recordedAttribution(
      validation.lead.attribution,
      request.referer,
      deps.config.campaigns,
      request.via,
    ),
  };
  const id = lead.idempotencyKey ? idFromKey(lead.idempotencyKey) : randomUUID();

  const item = leadItem(lead, { id, createdAt, nowSeconds, request, config: deps.config });
  const put = await putLead(deps.db, deps.tableName, item);
  if (put.created) return { id, kind: lead.kind, created: true, spam: false };
  if (put.existing.payloadHash !== item.payloadHash) {
    throw new IdempotencyConflictError(
      'This idempotency key was already used for a request with different details',
    );
  }
  return { id: put.existing.id, kind: put.existing.kind, created: false, spam: false };
}

/** The header and the body field may both carry the key; they must then agree. */
function withHeaderKey(
  fields: Readonly<Record<string, unknown>>,
  headerKey: string | undefined,
): Readonly<Record<string, unknown>> {
  if (headerKey === undefined || headerKey === '') return fields;
  const bodyKey = fields.idempotencyKey;
  if (
    bodyKey !== undefined &&
    bodyKey !== '' &&
    (typeof bodyKey === 'string' ? bodyKey : JSON.stringify(bodyKey)).toLowerCase() !==
      headerKey.toLowerCase()
  ) {
    throw new ValidationError(
      { idempotencyKey: 'The Idempotency-Key header and the idempotencyKey field differ.' },
      400,
    );
  }
  return { ...fields, idempotencyKey: headerKey };
}

/**
 * The lead id for an idempotency key: derived, so a replay finds the same item with one
 * conditional write and no separate key record; hashed, so a client cannot choose the id.
 */
function idFromKey(key: string): string {
  const hex = createHash('sha256').update(`lead-idempotency:${key}`).digest('hex').split('');
  // Shaped as a UUID (version 8, "custom"; RFC 9562 variant) so every id looks alike.
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** The rate-limit identity of a client: a hash, so counters never hold an address. */
function clientFingerprint(sourceIp: string): string {
  return createHash('sha256').update(`rate:${sourceIp}`).digest('base64url').slice(0, 22);
}

/** What makes two requests "the same" for idempotency: the patient's answers, normalised. */
function payloadHash(lead: ValidLead): string {
  const canonical = JSON.stringify([
    lead.kind,
    lead.name,
    lead.phone ?? null,
    lead.phoneExtension ?? null,
    lead.email ?? null,
    lead.preferredTime ?? null,
    lead.message ?? null,
    lead.consent,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function leadItem(
  lead: ValidLead,
  context: {
    id: string;
    createdAt: string;
    nowSeconds: number;
    request: SubmitRequest;
    config: SubmitConfig;
  },
): LeadItem {
  const { id, createdAt, nowSeconds, request, config } = context;
  return {
    ...leadKey(id),
    entity: 'lead',
    id,
    kind: lead.kind,
    name: lead.name,
    ...(lead.phone !== undefined && { phone: lead.phone }),
    ...(lead.phoneExtension !== undefined && { phoneExtension: lead.phoneExtension }),
    ...(lead.phoneDisplay !== undefined && { phoneDisplay: lead.phoneDisplay }),
    ...(lead.email !== undefined && { email: lead.email }),
    ...(lead.preferredTime !== undefined && { preferredTime: lead.preferredTime }),
    ...(lead.message !== undefined && { message: lead.message }),
    status: 'new',
    createdAt,
    expiresAt: nowSeconds + config.retentionDays * DAY_SECONDS,
    gsi1pk: monthKey(createdAt),
    gsi1sk: `${createdAt}#${id}`,
    // Left out when empty: nothing to keep, and DynamoDB Local's stream garbles an empty map.
    ...(Object.keys(lead.attribution).length > 0 && { attribution: lead.attribution }),
    ...(lead.consent && {
      consent: {
        disclosureVersion: config.consentVersion,
        at: createdAt,
        sourceIp: request.sourceIp,
        userAgent: request.userAgent.slice(0, 512),
      },
    }),
    via: request.via,
    payloadHash: payloadHash(lead),
    ...(lead.idempotencyKey !== undefined && { idempotencyKey: lead.idempotencyKey }),
    notification: {
      clinic: { status: 'pending' },
      patient: lead.email !== undefined ? { status: 'pending' } : { status: 'not-applicable' },
    },
  };
}

/**
 * A spam item keeps the submitted text fields, capped, for a person to check if in doubt.
 * Fields with an empty name are left out: DynamoDB refuses an empty attribute name.
 */
function spamFields(fields: Readonly<Record<string, unknown>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)
    .filter(([key]) => key !== '')
    .slice(0, 40)) {
    if (typeof value === 'string')
      kept[cutCharacters(key, 40)] = cutCharacters(value, LIMITS.message);
  }
  return kept;
}
