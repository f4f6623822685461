/**
 * The hostile-input properties of `POST /api/leads`, shared by the property-based test in
 * `npm test` (a CI-sized run) and `npm run fuzz` (10,000 cases and more per kind). Whatever
 * arrives, the API never answers 5xx, never stores an invalid lead, and no value reaches a
 * header: neither the answer's nor those of the emails the stored lead would produce.
 *
 * No test runner here: violations are returned as sentences, for a test to assert on and for
 * the fuzz script to count.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { checkEmailAddress } from '../../functions/contract/email-address';
import { countCharacters, hasVisibleCharacter } from '../../functions/contract/text-rules';
import { renderClinicEmail } from '../../functions/lib/email/clinic-email';
import { renderPatientConfirmation } from '../../functions/lib/email/patient-email';
import type { EmailSettings } from '../../functions/lib/email/types';
import type { LeadItem } from '../../functions/lib/lead-item';
import { LEAD_KINDS, LIMITS, PREFERRED_TIMES } from '../../functions/contract/lead-schema';

/** One generated request: its body bytes (as text or raw) and the headers that matter. */
export interface FuzzCase {
  readonly contentType?: string;
  readonly body: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

const validCallback = () => ({
  kind: 'callback',
  name: 'Ann Lee',
  phone: '(312) 555-0188',
  preferredTime: 'morning',
  consent: true,
  website: '',
});
const validContact = () => ({
  kind: 'contact',
  name: 'Bo Chen',
  email: 'bo.chen@example.com',
  message: 'Do you see patients on Saturdays?',
  website: '',
});

const injection = fc.constantFrom(
  'Ann\r\nBcc: victim@example.com',
  'x@example.com\nSubject: hacked',
  'Ann%0d%0aBcc:%20victim@example.com',
  '=?utf-8?q?=0D=0ABcc:?= evil',
  '=?UTF-8?B?4oCuZXZpbA==?=',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '\u202Eevil\u202C',
  'Ann\u2028Lee',
  '\u0000\u0001\u001b[31m',
  '\u200b\u200b',
  '\u3164',
  'Ann\ud800',
);
const edgeEmail = fc.constantFrom(
  "o'brien@example.com",
  'ann@münchen.de',
  'ann@xn--mnchen-3ya.de',
  `${'a'.repeat(64)}@example.com`,
  `${'a'.repeat(65)}@example.com`,
  `ann@${'b'.repeat(64)}.com`,
  '=?utf-8?b?4oCu?=@example.com',
  'ann..lee@example.com',
  'ann@[192.0.2.1]',
  'ann@localhost',
);
const edgePhone = fc.constantFrom(
  '+1 900 555 0123',
  '+44 20 7946 0958',
  '(312) 555-0188 ext. 12',
  '+1 800 555 0199',
  '+1 613 555 0123',
  '555',
);
const edgeConsent = fc.constantFrom(true, false, 'on', 'yes', 'true', 1, null, '');
/** Text of every kind: control characters, mixed scripts, emoji, and very long strings. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.constantFrom('Zoë Ångström', '李小龙', 'محمد', 'Ἀριστοτέλης', '👩🏽‍⚕️ Dr. Emoji', "O'Brien-Smith"),
  fc.constantFrom('🌿'.repeat(51), '😀'.repeat(100), '😀'.repeat(101)),
  injection,
  edgeEmail,
  edgePhone,
  fc.string({ minLength: 2_000, maxLength: 20_000 }),
);
/** Values of the wrong type where text belongs. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
);
const fieldValue = fc.oneof(hostileText, wrongType, edgeConsent, fc.constant(undefined));

const FIELDS = [
  'kind',
  'name',
  'phone',
  'email',
  'preferredTime',
  'message',
  'consent',
  'website',
  'idempotencyKey',
  'utm_source',
  'referrer',
  '',
];

/** A plausible form with some fields replaced by hostile or wrongly typed values. */
const mutatedForm = fc
  .record({
    base: fc.constantFrom(validCallback(), validContact()),
    changes: fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 4 }),
  })
  .map(({ base, changes }) => ({ ...base, ...changes }) as Record<string, unknown>);

/** URL-encoding as a browser does it (half a surrogate pair becomes U+FFFD). */
const urlEncoded = (form: Record<string, unknown>): string =>
  new URLSearchParams(
    Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v ?? '')]),
  ).toString();

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** The kinds of generated request; `npm run fuzz` runs each at least 10,000 times. */
export const CASE_KINDS = {
  /** The enhanced form's JSON, with hostile or wrongly typed fields. */
  'json-form': mutatedForm.map((form): FuzzCase => ({
    contentType: JSON_TYPE,
    body: JSON.stringify(form),
  })),
  /** The plain form's URL-encoding, with hostile fields and raw pairs such as `&=x`. */
  'urlencoded-form': fc
    .record({
      form: mutatedForm,
      tail: fc.constantFrom('', '&=x', '&&', '&name=second', '&%FF=x', '&website=%E2%80%AE', '&a'),
    })
    .map(({ form, tail }): FuzzCase => ({
      contentType: FORM_TYPE,
      body: `${urlEncoded(form)}${tail}`,
    })),
  /** Any JSON value at all. */
  'json-value': fc.jsonValue({ maxDepth: 4 }).map((value): FuzzCase => ({
    contentType: JSON_TYPE,
    body: JSON.stringify(value) ?? '',
  })),
  /** Bytes that may not be UTF-8, under either content type. */
  'raw-bytes': fc
    .record({
      contentType: fc.constantFrom(JSON_TYPE, FORM_TYPE),
      prefix: fc.constantFrom('', '{"kind":"contact","name":"', 'kind=contact&name='),
      bytes: fc.uint8Array({ maxLength: 400 }),
    })
    .map(({ contentType, prefix, bytes }): FuzzCase => ({
      contentType,
      body: new Uint8Array([...new TextEncoder().encode(prefix), ...bytes]),
    })),
  /** A valid form under hostile headers: types, charsets, codings, keys, spoofed addresses. */
  headers: fc
    .record({
      form: fc.constantFrom(validCallback(), validContact()),
      contentType: fc.constantFrom(
        JSON_TYPE,
        `${JSON_TYPE}; charset=utf-8`,
        `${JSON_TYPE}; charset=iso-8859-1`,
        'text/plain',
        'application/xml',
        'APPLICATION/JSON',
        '',
      ),
      extra: fc.dictionary(
        fc.constantFrom(
          'content-encoding',
          'idempotency-key',
          'cloudfront-viewer-address',
          'accept',
          'user-agent',
        ),
        fc.oneof(
          fc.constantFrom('gzip', 'br', 'identity', '203.0.113.9:443', 'text/html', ''),
          fc.uuid(),
          fc.string({ maxLength: 60 }),
        ),
        { maxKeys: 3 },
      ),
    })
    .map(({ form, contentType, extra }): FuzzCase => ({
      ...(contentType !== '' && { contentType }),
      body: JSON.stringify(form),
      headers: Object.fromEntries(
        Object.entries(extra).filter(([, v]) => !/[\r\n]/.test(v) && /^[\x20-\x7e]*$/.test(v)),
      ),
    })),
} as const satisfies Record<string, fc.Arbitrary<FuzzCase>>;

export type CaseKind = keyof typeof CASE_KINDS;

/** The payload-2.0 event API Gateway would build for `fuzzCase` from `sourceIp`. */
export function caseEvent(
  fuzzCase: FuzzCase,
  sourceIp: string,
  base: (options: {
    body: string;
    contentType?: string;
    headers: Record<string, string>;
    sourceIp: string;
  }) => APIGatewayProxyEventV2,
): APIGatewayProxyEventV2 {
  const bytes =
    typeof fuzzCase.body === 'string' ? new TextEncoder().encode(fuzzCase.body) : fuzzCase.body;
  const event = base({
    body: '',
    ...(fuzzCase.contentType !== undefined && { contentType: fuzzCase.contentType }),
    headers: { ...fuzzCase.headers },
    sourceIp,
  });
  return { ...event, body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
}

/** An answer as the handler (or, rebuilt, the HTTP runtime) gives it. */
type Answer = Pick<APIGatewayProxyStructuredResultV2, 'statusCode' | 'headers' | 'body'>;

/** What one answer showed. */
export interface CaseOutcome {
  readonly status: number;
  /** Id of the lead the answer reports as stored (201, 200 or 303), if any. */
  readonly leadId?: string;
  /** Response headers that carry a line break. */
  readonly injectedHeaders: readonly string[];
}

/** Reads the answer of the handler (or of the HTTP runtime, as status and headers). */
function readAnswer(response: Answer): CaseOutcome {
  const status = response.statusCode ?? 0;
  const injectedHeaders = Object.entries(response.headers ?? {})
    .filter(([, value]) => /[\r\n]/.test(String(value)))
    .map(([name]) => name);
  let leadId: string | undefined;
  if (status === 303) {
    leadId =
      new URL(String(response.headers?.location), 'https://x.example').searchParams.get('ref') ??
      undefined;
  } else if (status === 200 || status === 201) {
    leadId = (JSON.parse(response.body ?? '{}') as { id?: string }).id;
  }
  return { status, ...(leadId !== undefined && { leadId }), injectedHeaders };
}

const E164 = /^\+[1-9]\d{6,14}$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const LINE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- a header holds no control character
const HEADER_UNSAFE = /[\u0000-\u001f\u007f]/;
const ENCODED_WORD = /=\?[^?\s]+\?[bq]\?[^?\s]*\?=/i;

/** Every way `lead` breaks the contract's rules; empty for a valid lead. */
function leadViolations(lead: LeadItem, expectedSourceIp?: string): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(what);
  if (!(LEAD_KINDS as readonly string[]).includes(lead.kind)) fail('kind');
  if (typeof lead.name !== 'string' || lead.name.trim() !== lead.name || lead.name === '') {
    fail('name not trimmed or empty');
  } else {
    if (countCharacters(lead.name) > LIMITS.name) fail('name too long');
    if (!hasVisibleCharacter(lead.name)) fail('name invisible');
  }
  for (const [field, single] of [
    ['name', lead.name],
    ['email', lead.email],
    ['phone', lead.phone],
    ['phoneDisplay', lead.phoneDisplay],
  ] as const) {
    if (single !== undefined && (LINE_OR_CONTROL.test(single) || LONE_SURROGATE.test(single))) {
      fail(`${field} has a control character`);
    }
  }
  if (lead.phone !== undefined && !E164.test(lead.phone)) fail('phone not E.164');
  if ((lead.phoneDisplay === undefined) !== (lead.phone === undefined)) {
    fail('phone without its desk format, or a desk format without a phone');
  }
  if (lead.phoneExtension !== undefined && !/^\d{1,20}$/.test(lead.phoneExtension)) {
    fail('extension not digits');
  }
  if (lead.kind === 'callback') {
    if (lead.phone === undefined) fail('callback without phone');
    if (!lead.consent?.disclosureVersion) fail('callback without consent evidence');
  }
  if (lead.kind === 'contact') {
    if (lead.email === undefined) fail('contact without email');
    if ((lead.message ?? '') === '') fail('contact without message');
  }
  if (lead.email !== undefined && !checkEmailAddress(lead.email).ok) fail('email breaks the rule');
  if (lead.message !== undefined) {
    if (countCharacters(lead.message) > LIMITS.message) fail('message too long');
    // eslint-disable-next-line no-control-regex -- tabs and LF are the only controls kept
    if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(lead.message)) {
      fail('message has a control character');
    }
    if (LONE_SURROGATE.test(lead.message)) fail('message has half a surrogate pair');
  }
  if (lead.preferredTime !== undefined && !PREFERRED_TIMES.includes(lead.preferredTime)) {
    fail('preferredTime');
  }
  for (const [field, value] of Object.entries(lead.attribution ?? {})) {
    if (LINE_OR_CONTROL.test(value) || LONE_SURROGATE.test(value)) {
      fail(`attribution ${field} has a control character`);
    }
  }
  if (
    expectedSourceIp !== undefined &&
    lead.consent !== undefined &&
    lead.consent.sourceIp !== expectedSourceIp
  ) {
    fail('consent evidence carries an address the connection did not come from');
  }
  return problems;
}

/** Settings for rendering the emails of a stored lead. */
const FUZZ_EMAIL_SETTINGS: EmailSettings = {
  clinic: {
    name: 'Willow Lane Acupuncture',
    phone: '+13125550134',
    publicEmail: 'hello@example.com',
    timeZone: 'America/Chicago',
  },
  siteUrl: 'https://www.example.com',
  recipients: ['frontdesk@example.com'],
  sender: { email: 'leads@example.com', name: 'Willow Lane Acupuncture' },
};

/**
 * Headers of the emails `lead` produces that a value from the request could have bent: a line
 * break or control character, an RFC 2047 encoded word, or an address outside the rule.
 */
function emailHeaderViolations(lead: LeadItem): string[] {
  const problems: string[] = [];
  const emails = [renderClinicEmail(lead, FUZZ_EMAIL_SETTINGS)];
  if (lead.email !== undefined) emails.push(renderPatientConfirmation(lead, FUZZ_EMAIL_SETTINGS));
  for (const email of emails) {
    if (HEADER_UNSAFE.test(email.subject) || LINE_OR_CONTROL.test(email.subject)) {
      problems.push(`${email.purpose} subject has a control character`);
    }
    if (ENCODED_WORD.test(email.subject))
      problems.push(`${email.purpose} subject has an encoded word`);
    for (const address of [...email.to, ...email.replyTo]) {
      if (!/^[\x21-\x7e]+$/.test(address) || !checkEmailAddress(address).ok) {
        problems.push(`${email.purpose} has an unsafe address`);
      }
    }
  }
  return problems;
}

/** The result of one case: its answer, and every violation found. */
export interface CaseResult extends CaseOutcome {
  /** True when the answer named a lead that is stored as a lead (not as spam). */
  readonly stored: boolean;
  readonly invalidLead: readonly string[];
  readonly headerProblems: readonly string[];
}

/**
 * Sends one case and checks the three properties. `send` returns the answer; `readLead` reads
 * a stored lead (consistently) or `undefined` (none, or kept as spam).
 */
export async function checkCase(
  send: () => Promise<Answer>,
  readLead: (id: string) => Promise<LeadItem | undefined>,
  expectedSourceIp?: string,
): Promise<CaseResult> {
  const outcome = readAnswer(await send());
  const lead = outcome.leadId === undefined ? undefined : await readLead(outcome.leadId);
  return {
    ...outcome,
    stored: lead !== undefined,
    // A replay (200) answers with the lead an earlier request stored, from its own address.
    invalidLead:
      lead === undefined
        ? []
        : leadViolations(lead, outcome.status === 200 ? undefined : expectedSourceIp),
    headerProblems: [
      ...outcome.injectedHeaders.map((name) => `answer header ${name} has a line break`),
      ...(lead === undefined ? [] : emailHeaderViolations(lead)),
    ],
  };
}

/** Whether a result keeps every property. */
export const holds = (result: CaseResult): boolean =>
  result.status < 500 && result.invalidLead.length === 0 && result.headerProblems.length === 0;
