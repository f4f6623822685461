/**
 * The shape of the items in the leads table, and their keys. Only this module and the store
 * modules know how a lead is laid out in DynamoDB.
 */
import type { Attribution, BodyFormat, LeadAnswers } from '../contract/lead-schema';
import type { CloseReason, LeadStatus, StatusChange } from './lead-status';

export type { LeadStatus } from './lead-status';

/** Where one email of a lead stands. */
export type EmailState =
  | { readonly status: 'pending' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'sent'; readonly messageId: string; readonly at: string };

/**
 * Where a lead's webhook stands (functions/webhook/): `pending` while an attempt is under way,
 * `sent` once the receiver answered 2xx, `failed` when the last attempt did not (the stream
 * retries it; after the last retry it stays `failed` and the record is in the webhook
 * dead-letter queue).
 */
export interface WebhookState {
  readonly status: 'pending' | 'sent' | 'failed';
  /** Attempts so far, this one included. */
  readonly attempts: number;
  /** ISO 8601, UTC: when the last attempt started. */
  readonly lastAttemptAt: string;
  /** The last answer: `http-<status>` or the error's name (`TimeoutError`). */
  readonly result?: string;
}

/** Evidence of the patient's consent to be called or texted. */
export interface ConsentEvidence {
  /** Version of the disclosure text the patient saw (functions/contract/consent.ts). */
  readonly disclosureVersion: string;
  readonly at: string;
  readonly sourceIp: string;
  readonly userAgent: string;
}

export interface LeadItem extends LeadAnswers {
  readonly pk: string;
  readonly sk: 'LEAD';
  readonly entity: 'lead';
  readonly id: string;
  readonly status: LeadStatus;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** Epoch seconds: the end of the retention period. */
  readonly expiresAt: number;
  readonly gsi1pk: string;
  readonly gsi1sk: string;
  /** Where the lead came from; absent when the visit carried no attribution. */
  readonly attribution?: Attribution | undefined;
  /** Present when the patient ticked the consent box. */
  readonly consent?: ConsentEvidence | undefined;
  /** How the request arrived: the enhanced form (json) or the plain HTML form (form). */
  readonly via: BodyFormat;
  /** SHA-256 of the normalised request, to tell a replay from a different request. */
  readonly payloadHash: string;
  readonly idempotencyKey?: string | undefined;
  readonly notification: {
    readonly clinic: EmailState;
    readonly patient: EmailState;
  };
  /** The webhook's delivery, when a webhook is configured (absent until its first attempt). */
  readonly webhook?: WebhookState;
  /** Number of status changes so far (absent: none); each change is conditional on it. */
  readonly statusVersion?: number;
  /** Calls that found no one ("Called – no answer"). */
  readonly attempts?: number;
  /** ISO 8601, UTC: the first call, whatever its outcome. */
  readonly firstAttemptAt?: string;
  /** ISO 8601, UTC: when the patient was first reached. */
  readonly firstContactAt?: string;
  /** Opening minutes from the request to the first call (functions/lib/opening-hours.ts). */
  readonly minutesToFirstAttempt?: number;
  /** Opening minutes from the request to the first contact. */
  readonly minutesToFirstContact?: number;
  readonly closedReason?: CloseReason;
  /** Every status change, oldest first (functions/lib/lead-status.ts). */
  readonly statusHistory?: readonly StatusChange[];
}

export const leadKey = (id: string) => ({ pk: `LEAD#${id}`, sk: 'LEAD' as const });
/** The `byMonth` index partition of a lead made at `createdAt` (ISO 8601, UTC): `LEADS#<yyyy-mm>`. */
export const monthKey = (createdAt: string) => `LEADS#${createdAt.slice(0, 7)}`;
export const spamKey = (id: string) => ({ pk: `SPAM#${id}`, sk: 'SPAM' as const });
export const rateKey = (client: string, windowStart: number) => ({
  pk: `RATE#${client}`,
  sk: String(windowStart),
});
