/**
 * The shape of the items in the leads table, and their keys. Only this module and the store
 * modules know how a lead is laid out in DynamoDB.
 */
import type { Attribution, BodyFormat, LeadAnswers } from '../contract/lead-schema';

export type LeadStatus = 'new';

/** Where one email of a lead stands. */
export type EmailState =
  | { readonly status: 'pending' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'sent'; readonly messageId: string; readonly at: string };

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
}

export const leadKey = (id: string) => ({ pk: `LEAD#${id}`, sk: 'LEAD' as const });
/** The `byMonth` index partition of a lead made at `createdAt` (ISO 8601, UTC): `LEADS#<yyyy-mm>`. */
export const monthKey = (createdAt: string) => `LEADS#${createdAt.slice(0, 7)}`;
export const spamKey = (id: string) => ({ pk: `SPAM#${id}`, sk: 'SPAM' as const });
export const rateKey = (client: string, windowStart: number) => ({
  pk: `RATE#${client}`,
  sk: String(windowStart),
});
