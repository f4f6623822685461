/**
 * What the webhook says about a new lead. By default nothing personal and nothing about health:
 * the kind of request, the preferred time, the call-by time, the reference and the link to the
 * lead's status page. Never the name, phone, email, note or attribution.
 */
import type { LeadKind, PreferredTime } from '../contract/lead-schema';
import { PREFERRED_TIME_SHORT } from '../lib/email/format';

/** `json`: the signed JSON document below; `chat`: `{"text": …}` for Slack or Teams. */
export type WebhookFormat = 'json' | 'chat';

/** The facts a webhook carries. */
export interface LeadAlert {
  /** The lead id, shown to the front desk as its reference. */
  readonly reference: string;
  readonly kind: LeadKind;
  readonly preferredTime?: PreferredTime | undefined;
  /** ISO 8601, UTC. */
  readonly receivedAt: string;
  /** ISO 8601, UTC. */
  readonly callBy: string;
  /** The call-by time in the clinic's words ("today at 9:15 AM"). */
  readonly callByText: string;
  /** The signed link to the lead's status page. */
  readonly statusPage: string;
}

/** The JSON document of the `json` format (version 1). */
function alertDocument(alert: LeadAlert) {
  return {
    type: 'lead.created',
    version: 1,
    reference: alert.reference,
    kind: alert.kind,
    preferredTime: alert.preferredTime ?? null,
    receivedAt: alert.receivedAt,
    callBy: alert.callBy,
    callByText: alert.callByText,
    statusPage: alert.statusPage,
  };
}

/** One line of text a chat channel shows. */
function alertText(alert: LeadAlert, clinicName: string): string {
  const what =
    alert.kind === 'callback'
      ? `New callback request (${PREFERRED_TIME_SHORT[alert.preferredTime ?? 'anytime']})`
      : 'New contact request';
  return `${clinicName}: ${what}. Call by ${alert.callByText}. Ref ${alert.reference}. Details and status: ${alert.statusPage}`;
}

/** The request body in `format`. */
export function alertBody(alert: LeadAlert, format: WebhookFormat, clinicName: string): string {
  return JSON.stringify(
    format === 'chat' ? { text: alertText(alert, clinicName) } : alertDocument(alert),
  );
}
