/**
 * Property-based: random and hostile bodies thrown at the real handler on DynamoDB Local.
 * Whatever arrives, the API never answers 5xx, never stores an invalid lead, and never lets a
 * value reach a header.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadKey, type LeadItem } from '../../functions/lib/lead-item';
import { LEAD_KINDS, LIMITS, PREFERRED_TIMES } from '../../functions/contract/lead-schema';
import { callback, contact, leadsEvent, useSubmitHandler } from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

const injection = fc.constantFrom(
  'Ann\r\nBcc: victim@example.com',
  'x@example.com\nSubject: hacked',
  'Ann%0d%0aBcc:%20victim@example.com',
  '=?utf-8?q?=0D=0ABcc:?= evil',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '\u202Eevil\u202C',
  'Ann\u2028Lee',
  '\u0000\u0001\u001b[31m',
);
/** Text of every kind: control characters, mixed scripts, emoji, and very long strings. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.constantFrom('Zoë Ångström', '李小龙', 'محمد', 'Ἀριστοτέλης', '👩🏽‍⚕️ Dr. Emoji', "O'Brien-Smith"),
  injection,
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
const fieldValue = fc.oneof(hostileText, wrongType, fc.constant(undefined));

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
];

/** A plausible form with some fields replaced by hostile or wrongly typed values. */
const mutatedForm = fc
  .record({
    base: fc.constantFrom(callback(), contact()),
    changes: fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 4 }),
  })
  .map(({ base, changes }) => ({ ...base, ...changes }));

const body = fc.oneof(
  mutatedForm.map((form) => ({ contentType: 'application/json', body: JSON.stringify(form) })),
  mutatedForm.map((form) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams(
      Object.entries(form).flatMap(([k, v]) =>
        typeof v === 'string' ? [[k, v]] : [[k, JSON.stringify(v ?? '')]],
      ),
    ).toString(),
  })),
  fc
    .jsonValue({ maxDepth: 4 })
    .map((value) => ({ contentType: 'application/json', body: JSON.stringify(value) ?? '' })),
  fc
    .string({ unit: 'binary', maxLength: 500 })
    .map((text) => ({ contentType: 'application/json', body: text })),
  fc.record({
    contentType: fc.constantFrom('text/plain', 'application/xml', ''),
    body: fc.string(),
  }),
);

const E164 = /^\+[1-9]\d{6,14}$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const LINE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('Property: the submit API under random and hostile input', () => {
  const aws = useLocalAws();
  const handler = useSubmitHandler(aws);
  let client = 0;
  let stored = 0;

  it('never answers 5xx, never stores an invalid lead, never puts a value in a header', async () => {
    await fc.assert(
      fc.asyncProperty(body, async ({ contentType, body: text }) => {
        client += 1;
        const event = leadsEvent({
          body: text,
          sourceIp: `100.64.${Math.floor(client / 250) % 250}.${client % 250}`,
          ...(contentType !== '' && { contentType }),
        });
        const response = await handler(event);
        const status = response.statusCode ?? 0;
        expect(status, `answer to ${text.slice(0, 200)}`).toBeLessThan(500);
        for (const value of Object.values(response.headers ?? {})) {
          expect(String(value)).not.toMatch(/[\r\n]/);
        }
        const id =
          status === 303
            ? new URL(String(response.headers?.location), 'https://x.example').searchParams.get(
                'ref',
              )
            : status === 200 || status === 201
              ? (JSON.parse(response.body ?? '{}') as { id?: string }).id
              : undefined;
        if (id === undefined || id === null) return;
        const { Item } = await aws().db.send(
          new GetCommand({ TableName: aws().tableName, Key: leadKey(id), ConsistentRead: true }),
        );
        if (Item === undefined) return; // kept as spam (honeypot), which is never emailed
        assertValidLead(Item as LeadItem);
        stored += 1;
      }),
      { numRuns: 250 },
    );
    // The mutated forms must reach the store path too, or the property proves little.
    expect(stored).toBeGreaterThan(10);
  });
});

function assertValidLead(lead: LeadItem): void {
  expect(LEAD_KINDS).toContain(lead.kind);
  expect(lead.name.trim()).toBe(lead.name);
  expect(lead.name.length).toBeGreaterThan(0);
  expect(lead.name.length).toBeLessThanOrEqual(LIMITS.name);
  for (const single of [lead.name, lead.email, lead.phone]) {
    if (single !== undefined) expect(single).not.toMatch(LINE_OR_CONTROL);
  }
  if (lead.kind === 'callback') {
    expect(lead.phone).toMatch(E164);
    expect(lead.consent?.disclosureVersion).toBeTruthy();
  }
  if (lead.phone !== undefined) expect(lead.phone).toMatch(E164);
  if (lead.kind === 'contact') {
    expect(lead.email).toMatch(/^[^\s@]+@[^\s@]+$/);
    expect(lead.message?.length ?? 0).toBeGreaterThan(0);
  }
  if (lead.email !== undefined) expect(lead.email.length).toBeLessThanOrEqual(LIMITS.email);
  if (lead.message !== undefined) expect(lead.message.length).toBeLessThanOrEqual(LIMITS.message);
  if (lead.preferredTime !== undefined) expect(PREFERRED_TIMES).toContain(lead.preferredTime);
  for (const value of Object.values(lead.attribution ?? {})) {
    expect(value).not.toMatch(LINE_OR_CONTROL);
  }
}
