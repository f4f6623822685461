/**
 * Finding leads whose email is still pending, for the re-drive command. Kept apart from the
 * notify function's store so the function's bundle (and its grants) need no Query.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryLeadsByMonth } from '../lib/leads-by-month';
import type { EmailKind } from './notification-store';

/** A lead the `byMonth` index lists with at least one email still pending. */
export interface PendingLead {
  readonly id: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** The emails still pending, clinic first. */
  readonly pending: readonly EmailKind[];
}

/**
 * The leads created from `from` (inclusive) to `to` (exclusive) with a pending email, oldest
 * first. Queries the `byMonth` index once per month in range (never a scan), reading only ids,
 * times and email states. The index is eventually consistent: callers re-read each lead before
 * acting on it.
 */
export async function findPendingLeads(
  db: DynamoDBDocumentClient,
  tableName: string,
  from: Date,
  to: Date,
): Promise<PendingLead[]> {
  const items = await queryLeadsByMonth(db, tableName, from, to, {
    filter: '(#n.#clinic.#status = :pending OR #n.#patient.#status = :pending)',
    projection: '#id, #createdAt, #n',
    names: {
      '#n': 'notification',
      '#clinic': 'clinic',
      '#patient': 'patient',
      '#status': 'status',
      '#id': 'id',
      '#createdAt': 'createdAt',
    },
    values: { ':pending': 'pending' },
  });
  return items.map(pendingLead);
}

function pendingLead(item: Record<string, unknown>): PendingLead {
  const notification = item.notification as Partial<Record<EmailKind, { status?: unknown }>>;
  const kinds: EmailKind[] = ['clinic', 'patient'];
  return {
    id: String(item.id),
    createdAt: String(item.createdAt),
    pending: kinds.filter((which) => notification[which]?.status === 'pending'),
  };
}
