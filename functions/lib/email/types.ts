/** Shapes shared by the email renderers and the sender. */
import type { LeadItem } from '../lead-item';

/** The fields of a lead that an email may show. */
export type LeadForEmail = Pick<
  LeadItem,
  | 'id'
  | 'kind'
  | 'name'
  | 'phone'
  | 'phoneExtension'
  | 'phoneDisplay'
  | 'email'
  | 'preferredTime'
  | 'message'
  | 'createdAt'
  | 'attribution'
  | 'consent'
>;

/** Who the emails come from and what they say about the clinic (from the configuration). */
export interface EmailSettings {
  readonly clinic: {
    readonly name: string;
    /** E.164, e.g. "+13125550134". */
    readonly phone: string;
    /** Where a patient's reply to the confirmation goes. */
    readonly publicEmail: string;
    /** IANA time zone the front desk works in, e.g. "America/Chicago". */
    readonly timeZone: string;
  };
  /** The site's origin, shown in the patient's confirmation. */
  readonly siteUrl: string;
  /** Addresses that receive each new lead. */
  readonly recipients: readonly string[];
  readonly sender: { readonly email: string; readonly name: string };
}

/** An email ready to hand to SES: every header value already made safe. */
export interface RenderedEmail {
  /** A single line, free of control characters. */
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly to: readonly string[];
  /** Empty when replies should go nowhere in particular. */
  readonly replyTo: readonly string[];
  /** Which email this is, for logs and SES tags (never personal data). */
  readonly purpose:
    'clinic-notification' | 'patient-confirmation' | 'clinic-reminder' | 'funnel-digest';
}
