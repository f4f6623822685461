/**
 * The submit handler at the edges of its input, through API Gateway events on DynamoDB Local:
 * what an outside QA pass found, each as the answer a careful API gives.
 */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { leadKey, spamKey, type LeadItem } from '../../functions/lib/lead-item';
import { MESSAGES } from '../../functions/contract/lead-schema';
import {
  callback,
  contact,
  formEvent,
  jsonEvent,
  leadsEvent,
  useSubmitHandler,
} from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

const json = (response: APIGatewayProxyStructuredResultV2) =>
  JSON.parse(response.body ?? '') as Record<string, unknown>;

describe('Function: submit-lead at the edges (API Gateway events, DynamoDB Local)', () => {
  const aws = useLocalAws();
  const handler = useSubmitHandler(aws);
  let client = 0;
  const ip = () => `100.96.${Math.floor(client / 250) % 250}.${(client++ % 250) + 1}`;
  const read = async (key: Record<string, string>) =>
    (
      await aws().db.send(
        new GetCommand({ TableName: aws().tableName, Key: key, ConsistentRead: true }),
      )
    ).Item;

  describe('a filled honeypot', () => {
    it('answers 201 and keeps spam when JSON also has a field with an empty name', async () => {
      const response = await handler(
        jsonEvent(callback({ website: 'https://spam.example', '': 'x' }), { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(201);
      const body = json(response);
      expect(body).toEqual({ id: expect.any(String), kind: 'callback', status: 'received' });
      const spam = await read(spamKey(String(body.id)));
      expect(spam).toMatchObject({ entity: 'spam', fields: { website: 'https://spam.example' } });
      expect(Object.keys((spam?.fields ?? {}) as object)).not.toContain('');
      expect(await read(leadKey(String(body.id)))).toBeUndefined();
    });

    it('answers 303 to the thank-you page for a form post with "&=x"', async () => {
      const response = await handler(
        leadsEvent({
          contentType: 'application/x-www-form-urlencoded',
          body: 'kind=contact&name=Bot&email=bot%40example.com&message=hi&website=x&=x',
          sourceIp: ip(),
        }),
      );
      expect(response.statusCode).toBe(303);
      expect(response.headers?.location).toMatch(/^\/thank-you\/\?ref=[0-9a-f-]{36}&kind=contact$/);
    });

    it.each([
      ['with every other field wrong', { kind: 'nonsense', name: 42, website: 'x' }],
      ['filled with a number', callback({ website: 7 })],
      ['filled with an object', callback({ website: { url: 'x' } })],
    ])('answers like a success %s, naming no field', async (_what, body) => {
      const response = await handler(jsonEvent(body, { sourceIp: ip() }));
      expect(response.statusCode).toBe(201);
      expect(json(response)).toMatchObject({ status: 'received' });
    });
  });

  describe('the client address', () => {
    it('does not trust a CloudFront-Viewer-Address header when the request did not provably come through CloudFront', async () => {
      const sourceIp = ip();
      const response = await handler(
        jsonEvent(callback(), {
          sourceIp,
          headers: { 'cloudfront-viewer-address': '192.0.2.44:51234' },
        }),
      );
      expect(response.statusCode).toBe(201);
      const lead = (await read(leadKey(String(json(response).id)))) as LeadItem;
      expect(lead.consent?.sourceIp).toBe(sourceIp);
    });

    it('cannot dodge the rate limit with a new spoofed header on each request', async () => {
      const sourceIp = ip();
      const statuses: number[] = [];
      // cdk.json: leads.rateLimit.maxPerWindow is 10.
      for (let i = 0; i < 11; i++) {
        const response = await handler(
          jsonEvent(callback(), {
            sourceIp,
            headers: { 'cloudfront-viewer-address': `203.0.113.${i + 1}:443` },
          }),
        );
        statuses.push(response.statusCode ?? 0);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
      expect(statuses[10]).toBe(429);
    });
  });

  describe('callback numbers', () => {
    it('refuses a premium-rate number with a message a person can act on', async () => {
      const response = await handler(
        jsonEvent(callback({ phone: '+1 900 555 0123' }), { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(422);
      expect(json(response)).toEqual({
        error: 'validation',
        fields: {
          phone:
            'We cannot call premium-rate, shared-cost or similar numbers. Enter a landline or mobile number.',
        },
      });
    });

    it('refuses a number outside the countries the clinic serves (leads.callbackCountries)', async () => {
      const response = await handler(
        jsonEvent(callback({ phone: '+44 20 7946 0958' }), { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(422);
      expect(json(response)).toEqual({
        error: 'validation',
        fields: {
          phone:
            'We can only call numbers in the United States. Enter a number there, or send us a question instead.',
        },
      });
    });

    it('keeps the extension with the stored number', async () => {
      const response = await handler(
        jsonEvent(callback({ phone: '(312) 555-0188 ext. 204' }), { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(201);
      const lead = (await read(leadKey(String(json(response).id)))) as LeadItem;
      expect(lead).toMatchObject({
        phone: '+13125550188',
        phoneExtension: '204',
        phoneDisplay: '(312) 555-0188',
      });
    });
  });

  describe('addresses, lengths, consent and encodings', () => {
    it.each(["o'brien@example.com", 'ann@münchen.de', 'ann@xn--mnchen-3ya.de'])(
      'stores a contact request from %s',
      async (email) => {
        const response = await handler(jsonEvent(contact({ email }), { sourceIp: ip() }));
        expect(response.statusCode).toBe(201);
      },
    );

    it('refuses a local part over 64 characters with its own message', async () => {
      const response = await handler(
        jsonEvent(contact({ email: `${'a'.repeat(65)}@example.com` }), { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(422);
      expect(json(response)).toEqual({
        error: 'validation',
        fields: { email: MESSAGES.emailLocalPartTooLong },
      });
    });

    it('stores a name of 51 emoji', async () => {
      const response = await handler(
        jsonEvent(callback({ name: '🌿'.repeat(51) }), { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(201);
    });

    it('refuses "yes" as consent in JSON, and "on" is only for the plain form', async () => {
      const yes = await handler(jsonEvent(callback({ consent: 'yes' }), { sourceIp: ip() }));
      expect(yes.statusCode).toBe(422);
      expect(json(yes)).toEqual({
        error: 'validation',
        fields: { consent: MESSAGES.consentValue },
      });
      const on = await handler(jsonEvent(callback({ consent: 'on' }), { sourceIp: ip() }));
      expect(on.statusCode).toBe(422);
      const form = await handler(
        formEvent(
          { kind: 'callback', name: 'Ann Lee', phone: '3125550188', consent: 'on' },
          { sourceIp: ip() },
        ),
      );
      expect(form.statusCode).toBe(303);
    });

    it('refuses a body that is not UTF-8 instead of storing U+FFFD', async () => {
      const before = await aws().db.send(
        new ScanCommand({ TableName: aws().tableName, ConsistentRead: true, Select: 'COUNT' }),
      );
      const bytes = Buffer.concat([
        Buffer.from('{"kind":"contact","name":"Bo '),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('","email":"bo@example.com","message":"hi"}'),
      ]);
      const event = leadsEvent({ contentType: 'application/json', sourceIp: ip() });
      const response = await handler({
        ...event,
        body: bytes.toString('base64'),
        isBase64Encoded: true,
      });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual({
        error: 'validation',
        fields: { body: 'The request body is not valid UTF-8 text.' },
      });
      const after = await aws().db.send(
        new ScanCommand({ TableName: aws().tableName, ConsistentRead: true, Select: 'COUNT' }),
      );
      // Only the rate-limit counter of the new client was written.
      expect((after.Count ?? 0) - (before.Count ?? 0)).toBeLessThanOrEqual(1);
    });

    it('answers 415 with a message for a gzip body, not a 400 about JSON', async () => {
      const response = await handler(
        leadsEvent({
          contentType: 'application/json',
          body: JSON.stringify(callback()),
          headers: { 'content-encoding': 'gzip' },
          sourceIp: ip(),
        }),
      );
      expect(response.statusCode).toBe(415);
      expect(json(response)).toEqual({
        error: 'unsupported_media_type',
        message:
          'Send the form uncompressed: the API does not accept a Content-Encoding such as gzip',
      });
    });
  });
});
