/**
 * Reading leads as the notify function needs them: which stream records are new leads, and
 * whether a stored lead has the shape the emails rely on. A lead that does not is a defect to
 * look at, not something to skip quietly: the record fails and ends in the dead-letter store.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import * as v from 'valibot';
import { AppError, SERVER_ERROR_CODE } from '../lib/errors';
import { LEAD_KINDS, PREFERRED_TIMES } from '../contract/lead-schema';
import type { EmailState } from '../lib/lead-item';
import type { LeadForEmail } from '../lib/email/types';

/** A stored lead lacks a field the emails need, or has one of the wrong type. */
class MalformedLeadError extends AppError {
  override readonly name = 'MalformedLeadError';
  /** A failure on our side: the API would answer it as any other server error. */
  readonly errorType = SERVER_ERROR_CODE;
  readonly status = 500;
}

const LEAD_PK_PREFIX = 'LEAD#';

/**
 * The id of the lead a stream record inserted, or `undefined` for any other record (a spam
 * item, a rate-limit counter, an update, a removal). The event source filter already drops
 * those in AWS; checking again here keeps a widened filter from ever emailing spam.
 */
export function insertedLeadId(record: DynamoDBRecord): string | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const image = record.dynamodb?.NewImage;
  if (image?.entity?.S !== 'lead') return undefined;
  const pk = record.dynamodb?.Keys?.pk?.S ?? image.pk?.S;
  if (pk === undefined || !pk.startsWith(LEAD_PK_PREFIX) || pk.length === LEAD_PK_PREFIX.length) {
    throw new MalformedLeadError('A lead record has no LEAD#<id> key');
  }
  return pk.slice(LEAD_PK_PREFIX.length);
}

const EmailStateSchema = v.variant('status', [
  v.object({ status: v.literal('pending') }),
  v.object({ status: v.literal('not-applicable') }),
  v.object({ status: v.literal('sent'), messageId: v.string(), at: v.string() }),
]);

const text = v.string();

const StoredLeadSchema = v.object({
  entity: v.literal('lead'),
  id: v.pipe(text, v.nonEmpty()),
  kind: v.picklist(LEAD_KINDS),
  name: v.pipe(text, v.nonEmpty()),
  phone: v.optional(text),
  phoneExtension: v.optional(text),
  phoneDisplay: v.optional(text),
  email: v.optional(text),
  preferredTime: v.optional(v.picklist(PREFERRED_TIMES)),
  message: v.optional(text),
  createdAt: v.pipe(
    text,
    v.check((s) => !Number.isNaN(Date.parse(s))),
  ),
  attribution: v.optional(v.record(text, text), {}),
  consent: v.optional(
    v.object({ disclosureVersion: text, at: text, sourceIp: text, userAgent: text }),
  ),
  notification: v.object({ clinic: EmailStateSchema, patient: EmailStateSchema }),
});

/** A lead as read back from the table, with what the emails need and where each email stands. */
export interface StoredLead extends LeadForEmail {
  readonly notification: { readonly clinic: EmailState; readonly patient: EmailState };
}

/**
 * Checks a stored item. The error names the fields at fault but never their values, since
 * they may be personal data and the error reaches the logs.
 */
export function parseStoredLead(item: Readonly<Record<string, unknown>>, id: string): StoredLead {
  const result = v.safeParse(StoredLeadSchema, item);
  if (!result.success) {
    const paths = [...new Set(result.issues.map((issue) => v.getDotPath(issue) ?? '(item)'))].join(
      ', ',
    );
    throw new MalformedLeadError(`The stored lead is malformed at: ${paths}`);
  }
  if (result.output.id !== id) {
    throw new MalformedLeadError('The stored lead id does not match its key');
  }
  return result.output;
}
