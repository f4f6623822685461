/**
 * The lead schema: the one set of field rules, labels, hints and error messages, used by the
 * API to validate and by the site to label fields and check them before sending.
 *
 * It must stay browser-safe and small: it imports only valibot (tree-shaken) and nothing from
 * Node. Phone numbers are normalised by a function the caller injects, because the maintained
 * phone library is too heavy for the page; the browser passes {@link loosePhone} and the API
 * passes the full E.164 normaliser from `phone.ts`.
 */
import * as v from 'valibot';
import { checkEmailAddress, type EmailAddressProblem } from './email-address';
import { countCharacters, cutCharacters, hasVisibleCharacter, LONE_SURROGATE } from './text-rules';
import { ATTRIBUTION_FIELDS } from './attribution-fields';

/** How a request arrives: the enhanced form sends JSON, the plain HTML form URL-encodes. */
export type BodyFormat = 'json' | 'form';

export const LEAD_KINDS = ['callback', 'contact'] as const;
export type LeadKind = (typeof LEAD_KINDS)[number];

export const PREFERRED_TIMES = ['morning', 'afternoon', 'evening', 'anytime'] as const;
export type PreferredTime = (typeof PREFERRED_TIMES)[number];

export { ATTRIBUTION_FIELDS } from './attribution-fields';

export type AttributionField = (typeof ATTRIBUTION_FIELDS)[number];
export type Attribution = Partial<Record<AttributionField, string>>;

/**
 * Lengths in characters as a person counts them (code points, see contract/text-rules.ts);
 * the email limit is the mail system's, in characters of the address's ASCII form.
 */
export const LIMITS = {
  name: 100,
  email: 254,
  message: 2000,
  /** Attribution values come from URLs, not from the patient: longer ones are cut, not refused. */
  attribution: 200,
  referrer: 500,
} as const;

/** Labels and hints for the form, so the page and the API speak of fields with one voice. */
export const FIELD_TEXT = {
  name: { label: 'Your name', hint: 'So we know who to ask for.', autocomplete: 'name' },
  phone: {
    label: 'Phone number',
    hint: 'The number to call or text, e.g. (312) 555-0134.',
    autocomplete: 'tel',
  },
  email: {
    label: 'Email',
    hint: 'We send a short confirmation here and nothing else.',
    autocomplete: 'email',
  },
  preferredTime: { label: 'Best time to call', hint: undefined, autocomplete: 'off' },
  message: {
    label: 'Your question',
    hint: 'Please do not include medical details. We will talk them through with you in person.',
    autocomplete: 'off',
  },
  consent: { label: 'Consent to be contacted', hint: undefined, autocomplete: 'off' },
} as const;

export const PREFERRED_TIME_LABELS: Record<PreferredTime, string> = {
  morning: 'Morning (8am–12pm)',
  afternoon: 'Afternoon (12–5pm)',
  evening: 'Early evening (5–7pm)',
  anytime: 'Any time',
};

/** Error messages a person can act on. */
export const MESSAGES = {
  kind: 'Choose whether you want a callback or want to send a question.',
  nameRequired: 'Enter your name.',
  nameInvisible:
    'Enter your name in letters we can read: this one is only spaces or invisible characters.',
  nameTooLong: `Your name must be ${LIMITS.name} characters or fewer.`,
  singleLine: 'This must fit on one line: remove any line breaks.',
  controlChars: 'Remove the unusual invisible characters from this field.',
  phoneRequired: 'Enter a phone number so we can call you back.',
  phoneInvalid: 'Enter a phone number we can call, like 312 555 0134 or +44 20 7946 0958.',
  emailRequired: 'Enter your email address so we can reply.',
  emailInvalid: 'Enter an email address in the format name@example.com.',
  emailTooLong: `Your email address must be ${LIMITS.email} characters or fewer.`,
  emailLocalPart:
    "The part of your email address before the @ can only use letters, digits, single dots and ! # $ % & ' * + - / = ? ^ _ ` { | } ~.",
  emailLocalPartTooLong:
    'The part of your email address before the @ must be 64 characters or fewer: no mail system accepts a longer one.',
  emailDomain: 'Check the part of your email address after the @: it should look like example.com.',
  emailLabelTooLong:
    'Each part of your email address after the @ (between the dots) must be 63 characters or fewer: no mail system accepts a longer one.',
  preferredTime: 'Choose the best time for us to call.',
  messageRequired: 'Enter your question.',
  messageTooLong: `Your question must be ${LIMITS.message} characters or fewer.`,
  messageControlChars:
    'Your question has an invisible control character we cannot keep: retype the text around it or paste it as plain text (tabs and line breaks are fine).',
  consentRequired:
    'Tick the box to let us call or text you about this request, or send us a question instead.',
  consentValue:
    'Consent must be true or false (the plain HTML form sends "on" when the box is ticked).',
  text: 'This must be text.',
  idempotencyKey: 'The form reference is malformed: reload the page and try again.',
  honeypot: 'Leave this field empty.',
} as const;

/** A phone number that passed, in its stored form, with the extension when one was given. */
export interface NormalisedPhone {
  readonly phone: string;
  readonly extension?: string;
  /** The number as the clinic's front desk dials it, when the normaliser knows how to write it. */
  readonly display?: string;
}

/** A real phone number the clinic will not dial back, with a message a person can act on. */
export interface RefusedPhone {
  readonly refused: string;
}

/**
 * Turns a raw phone string into the stored form: the number itself (a string), the number with
 * its extension, a refusal with its reason, or `undefined` when it is not a phone number.
 */
export type PhoneNormaliser = (raw: string) => string | NormalisedPhone | RefusedPhone | undefined;

/**
 * A light check for the browser: 7 to 15 digits with the usual separators. The API still
 * normalises to E.164 with the full library and has the last word.
 */
export const loosePhone: PhoneNormaliser = (raw) => {
  if (!/^\+?[\d\s().-]+$/.test(raw)) return undefined;
  const digits = raw.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15 ? raw : undefined;
};

// C0 controls other than tab, CR and LF; DEL; C1 controls; bidi overrides and isolates; the
// line and paragraph separators. None of them belongs in a name or an email header.
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
const LINE_BREAK = /[\r\n]/;
// Line breaks other than CR and LF that pasted text brings along (NEL, line and paragraph
// separators): in a message they are line breaks, like any other.
const OTHER_LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;

/** At most `max` characters, counted as a person counts them (code points). */
const maxCharacters = (max: number, message: string) =>
  v.check<string, string>((s) => countCharacters(s) <= max, message);

/** A single-line text field: trimmed, no CR/LF (they would reach an email header), no controls. */
const singleLine = (required: string, max: number, tooLong: string) =>
  v.pipe(
    v.string(MESSAGES.text),
    v.check((s) => !LINE_BREAK.test(s), MESSAGES.singleLine),
    v.check(
      (s) => !CONTROL.test(s) && !s.includes('\t') && !LONE_SURROGATE.test(s),
      MESSAGES.controlChars,
    ),
    v.trim(),
    v.nonEmpty(required),
    maxCharacters(max, tooLong),
  );

const nameField = v.pipe(
  singleLine(MESSAGES.nameRequired, LIMITS.name, MESSAGES.nameTooLong),
  v.check(hasVisibleCharacter, MESSAGES.nameInvisible),
);

const EMAIL_MESSAGES: Readonly<Record<EmailAddressProblem, string>> = {
  format: MESSAGES.emailInvalid,
  localPartCharacters: MESSAGES.emailLocalPart,
  localPartTooLong: MESSAGES.emailLocalPartTooLong,
  domain: MESSAGES.emailDomain,
  labelTooLong: MESSAGES.emailLabelTooLong,
  tooLong: MESSAGES.emailTooLong,
};

/** The one address rule (contract/email-address.ts), with a message for each way to break it. */
const emailField = v.pipe(
  singleLine(MESSAGES.emailRequired, LIMITS.email, MESSAGES.emailTooLong),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const check = checkEmailAddress(dataset.value);
    if (!check.ok) {
      addIssue({ message: EMAIL_MESSAGES[check.problem] });
      return NEVER;
    }
    return check.address;
  }),
);

const phoneField = (normalise: PhoneNormaliser) =>
  v.pipe(
    singleLine(MESSAGES.phoneRequired, 40, MESSAGES.phoneInvalid),
    v.rawTransform(({ dataset, addIssue, NEVER }): NormalisedPhone => {
      const normalised = normalise(dataset.value);
      if (normalised === undefined) {
        addIssue({ message: MESSAGES.phoneInvalid });
        return NEVER;
      }
      if (typeof normalised === 'string') return { phone: normalised };
      if ('refused' in normalised) {
        addIssue({ message: normalised.refused });
        return NEVER;
      }
      return normalised;
    }),
  );

/**
 * The free-text question: several lines allowed. Tabs and line breaks are kept (every kind of
 * line break becomes LF); other control characters, bidi overrides and broken text are refused.
 */
const messageField = v.pipe(
  v.string(MESSAGES.text),
  v.transform((s) => s.replace(OTHER_LINE_BREAKS, '\n')),
  v.check((s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s), MESSAGES.messageControlChars),
  v.trim(),
  v.nonEmpty(MESSAGES.messageRequired),
  v.check(hasVisibleCharacter, MESSAGES.messageRequired),
  maxCharacters(LIMITS.message, MESSAGES.messageTooLong),
);

/** An optional field: absent, or an empty string from a form, both mean "not given". */
const optional = <S extends v.GenericSchema<string, unknown>>(schema: S) =>
  v.optional(
    v.union(
      [
        v.pipe(
          v.literal(''),
          v.transform(() => undefined),
        ),
        schema,
      ],
      (issue) =>
        // A union reports its own generic message; surface the inner, specific one instead.
        issue.issues?.find((i) => !i.message.startsWith('Invalid type'))?.message ?? MESSAGES.text,
    ),
  );

const preferredTimeField = v.picklist(PREFERRED_TIMES, MESSAGES.preferredTime);

/**
 * Consent as each content type sends it: JSON `true` (or `false`/absent for none), and from the
 * plain HTML form the checkbox's `on` (absent or empty for none). Anything else is refused,
 * so no "yes" or "1" is ever read as agreement.
 */
const consentField = (via: BodyFormat) =>
  v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const value = dataset.value;
      if (value === undefined || value === null || value === '') return false;
      if (via === 'json' ? value === true : value === 'on') return true;
      if (via === 'json' && value === false) return false;
      addIssue({ message: MESSAGES.consentValue });
      return NEVER;
    }),
  );

const honeypotField = v.optional(v.unknown());

/**
 * Whether the hidden honeypot field (`website`) was filled: any value but absent, `null` or
 * blank text. A bot that fills it is answered as if it succeeded, whatever else it sent.
 */
export function isHoneypotFilled(input: Readonly<Record<string, unknown>>): boolean {
  const value = input.website;
  if (value === undefined || value === null) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

const idempotencyKeyField = v.optional(
  v.union(
    [
      v.pipe(
        v.literal(''),
        v.transform(() => undefined),
      ),
      v.pipe(
        v.string(MESSAGES.idempotencyKey),
        v.trim(),
        v.uuid(MESSAGES.idempotencyKey),
        v.toLowerCase(),
      ),
    ],
    MESSAGES.idempotencyKey,
  ),
);

/** A required field that is absent reads as empty, so it gets its "enter your ..." message. */
const required = <S extends v.GenericSchema<string, unknown>>(schema: S) => v.optional(schema, '');

const common = {
  name: required(nameField),
  website: honeypotField,
  idempotencyKey: idempotencyKeyField,
};

function leadSchema(normalisePhone: PhoneNormaliser, via: BodyFormat) {
  const phone = phoneField(normalisePhone);
  const consent = v.optional(consentField(via), '');
  return v.variant(
    'kind',
    [
      v.object({
        ...common,
        kind: v.literal('callback'),
        phone: required(phone),
        email: optional(emailField),
        preferredTime: v.optional(preferredTimeField, 'anytime'),
        message: optional(messageField),
        consent: v.pipe(
          consent,
          v.check((c) => c === true, MESSAGES.consentRequired),
        ),
      }),
      v.object({
        ...common,
        kind: v.literal('contact'),
        phone: optional(phone),
        email: required(emailField),
        preferredTime: v.optional(preferredTimeField),
        message: required(messageField),
        consent,
      }),
    ],
    MESSAGES.kind,
  );
}

/** Field name to the first message about it. */
export type FieldErrors = Record<string, string>;

/** What the patient answered, normalised: shared by a valid request and the stored lead. */
export interface LeadAnswers {
  readonly kind: LeadKind;
  readonly name: string;
  // `| undefined`: the schema's output leaves an absent field undefined, and the table client
  // drops undefined values when it writes an item.
  readonly phone?: string | undefined;
  /** The extension to dial after `phone`, digits only, when one was given. */
  readonly phoneExtension?: string | undefined;
  /**
   * `phone` as the front desk dials it ("(312) 555-0188" for a number of the clinic's own
   * country, "+44 20 7946 0958" for another), written by the API; absent on older leads.
   */
  readonly phoneDisplay?: string | undefined;
  readonly email?: string | undefined;
  readonly preferredTime?: PreferredTime | undefined;
  readonly message?: string | undefined;
}

/** A request that passed every rule, normalised (trimmed, phone in its stored form). */
export interface ValidLead extends LeadAnswers {
  readonly consent: boolean;
  readonly attribution: Attribution;
  readonly idempotencyKey?: string | undefined;
  /** True when the hidden honeypot field was filled: a bot, kept only as spam. */
  readonly honeypotFilled: boolean;
}

export type LeadValidation =
  | { readonly ok: true; readonly lead: ValidLead }
  | { readonly ok: false; readonly fields: FieldErrors };

/** How the body was sent, which decides the accepted consent values; JSON unless said. */
export interface ValidateOptions {
  readonly via?: BodyFormat;
}

/**
 * Validates a submitted form (already decoded from JSON or URL-encoding) against the rules of
 * its kind. Attribution fields are cleaned and capped rather than refused: they come from the
 * landing URL, and a long campaign tag must never cost a patient their callback.
 */
export function validateLead(
  input: Readonly<Record<string, unknown>>,
  normalisePhone: PhoneNormaliser,
  options: ValidateOptions = {},
): LeadValidation {
  // Built for each call (about a tenth of a millisecond) rather than kept: then every check runs
  // the code that sets the rules up, and the mutation run (tests/mutation/) credits a wrong rule
  // to every test that notices it, not only to the first test that happened to build it.
  const schema = leadSchema(normalisePhone, options.via ?? 'json');
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (!result.success) {
    const fields: FieldErrors = {};
    for (const issue of result.issues) {
      const key = v.getDotPath(issue)?.split('.')[0] ?? 'kind';
      fields[key] ??= issue.message;
    }
    return { ok: false, fields };
  }
  const { website: _website, phone, ...lead } = result.output;
  return {
    ok: true,
    lead: {
      ...lead,
      ...(phone !== undefined && { phone: phone.phone }),
      ...(phone?.extension !== undefined && { phoneExtension: phone.extension }),
      ...(phone?.display !== undefined && { phoneDisplay: phone.display }),
      attribution: cleanAttribution(input),
      honeypotFilled: isHoneypotFilled(input),
    },
  };
}

// Every character the single-line rules refuse, and the halves of broken surrogate pairs.
const UNKEPT_IN_ATTRIBUTION = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, 'gu');

/** Keeps the known attribution fields that are text, without controls, capped in length. */
export function cleanAttribution(input: Readonly<Record<string, unknown>>): Attribution {
  const attribution: Attribution = {};
  for (const field of ATTRIBUTION_FIELDS) {
    const value = input[field];
    if (typeof value !== 'string') continue;
    const cap = field === 'referrer' ? LIMITS.referrer : LIMITS.attribution;
    const cleaned = cutCharacters(
      value
        .replace(UNKEPT_IN_ATTRIBUTION, '')
        .replace(/[\r\n\t]/g, ' ')
        .trim(),
      cap,
    );
    if (cleaned !== '') attribution[field] = cleaned;
  }
  return attribution;
}
