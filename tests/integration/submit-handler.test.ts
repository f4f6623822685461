/**
 * The submit handler against the API contract, invoked with API Gateway payload-2.0 event
 * fixtures and writing to the real DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { submitFunction } from '../../infra/manifest';
import { CONSENT_DISCLOSURE } from '../../functions/contract/consent';
import { leadKey, type LeadItem } from '../../functions/lib/lead-item';
import { MESSAGES } from '../../functions/contract/lead-schema';
import {
  callback,
  contact,
  formEvent,
  jsonEvent,
  leadsEvent,
  loadHandler,
  useSubmitHandler,
  type SubmitHandler,
} from '../support/api-events';
import { useLocalAws } from '../support/local-aws';

describe('Function: submit-lead (API Gateway events, DynamoDB Local)', () => {
  const aws = useLocalAws();
  const handler = useSubmitHandler(aws);
  // A distinct client address per request, so the rate limit only bites where a test wants it.
  let ipCounter = 0;
  const ip = () =>
    `10.${Math.floor(ipCounter / 250) % 250}.${ipCounter++ % 250}.${(Date.now() % 250) + 1}`;

  const invoke = (event: APIGatewayProxyEventV2) => handler(event);
  const json = (response: APIGatewayProxyStructuredResultV2) =>
    JSON.parse(response.body ?? '') as Record<string, unknown>;
  const storedLead = async (id: string) =>
    (
      await aws().db.send(
        new GetCommand({ TableName: aws().tableName, Key: leadKey(id), ConsistentRead: true }),
      )
    ).Item as LeadItem | undefined;
  const itemsWhere = async (attribute: string, value: string) =>
    (
      await aws().db.send(
        new ScanCommand({
          TableName: aws().tableName,
          ConsistentRead: true,
          FilterExpression: '#a = :v',
          ExpressionAttributeNames: { '#a': attribute },
          ExpressionAttributeValues: { ':v': value },
        }),
      )
    ).Items ?? [];

  describe('a valid callback request', () => {
    it('answers 201 and stores the lead with normalised fields, consent evidence and attribution', async () => {
      const sourceIp = ip();
      const response = await invoke(
        jsonEvent(
          callback({
            name: '  Ann Lee ',
            utm_source: 'google',
            utm_campaign: 'spring',
            gclid: 'abc123',
            campaign: 'back-pain-2026',
            landingPath: '/?utm_source=google',
          }),
          { sourceIp, headers: { 'user-agent': 'TestBrowser/1.0' } },
        ),
      );
      expect(response.statusCode).toBe(201);
      const body = json(response);
      expect(body).toEqual({ id: expect.any(String), kind: 'callback', status: 'received' });

      const item = await storedLead(String(body.id));
      expect(item).toMatchObject({
        entity: 'lead',
        kind: 'callback',
        name: 'Ann Lee',
        phone: '+13125550188',
        preferredTime: 'morning',
        status: 'new',
        via: 'json',
        attribution: {
          utm_source: 'google',
          utm_campaign: 'spring',
          gclid: 'abc123',
          campaign: 'back-pain-2026',
          landingPath: '/?utm_source=google',
        },
        consent: {
          disclosureVersion: CONSENT_DISCLOSURE.version,
          sourceIp,
          userAgent: 'TestBrowser/1.0',
        },
        notification: { clinic: { status: 'pending' }, patient: { status: 'not-applicable' } },
      });
      const createdSeconds = Date.parse(item!.createdAt) / 1000;
      expect(item!.expiresAt - createdSeconds).toBeCloseTo(365 * 86400, -1);
      expect(item!.gsi1pk).toBe(`LEADS#${item!.createdAt.slice(0, 7)}`);
    });

    it('keeps the connection address as consent evidence where no CloudFront vouches for a viewer address', async () => {
      const response = await invoke(
        jsonEvent(callback(), {
          sourceIp: '192.0.2.45',
          headers: { 'cloudfront-viewer-address': '192.0.2.44:51234' },
        }),
      );
      const item = await storedLead(String(json(response).id));
      expect(item?.consent?.sourceIp).toBe('192.0.2.45');
    });

    it('accepts a base64-encoded body', async () => {
      const response = await invoke(
        leadsEvent({
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify(callback()),
          base64: true,
          sourceIp: ip(),
        }),
      );
      expect(response.statusCode).toBe(201);
    });
  });

  describe('a valid contact request', () => {
    it('stores a question without phone or consent, and plans a patient confirmation', async () => {
      const response = await invoke(jsonEvent(contact(), { sourceIp: ip() }));
      expect(response.statusCode).toBe(201);
      const item = await storedLead(String(json(response).id));
      expect(item).toMatchObject({
        kind: 'contact',
        email: 'bo.chen@example.com',
        message: 'Do you see patients on Saturdays?',
        notification: { patient: { status: 'pending' } },
      });
      expect(item?.phone).toBeUndefined();
      expect(item?.consent).toBeUndefined();
    });
  });

  describe('idempotency', () => {
    it('answers a replay with 200 and the same id, storing nothing new', async () => {
      const key = randomUUID();
      const first = await invoke(jsonEvent(callback({ idempotencyKey: key }), { sourceIp: ip() }));
      const replay = await invoke(jsonEvent(callback({ idempotencyKey: key }), { sourceIp: ip() }));
      expect(first.statusCode).toBe(201);
      expect(replay.statusCode).toBe(200);
      expect(json(replay).id).toBe(json(first).id);
      expect(await itemsWhere('idempotencyKey', key)).toHaveLength(1);
    });

    it('takes the key from the Idempotency-Key header too', async () => {
      const key = randomUUID();
      const headers = { 'idempotency-key': key };
      const first = await invoke(jsonEvent(contact(), { headers, sourceIp: ip() }));
      const replay = await invoke(
        jsonEvent(contact({ idempotencyKey: key }), { headers, sourceIp: ip() }),
      );
      expect([first.statusCode, replay.statusCode]).toEqual([201, 200]);
      expect(json(replay).id).toBe(json(first).id);
    });

    it('answers 409 when the same key comes with different details, keeping the first lead', async () => {
      const key = randomUUID();
      const first = await invoke(jsonEvent(callback({ idempotencyKey: key }), { sourceIp: ip() }));
      const other = await invoke(
        jsonEvent(callback({ idempotencyKey: key, name: 'Someone Else' }), { sourceIp: ip() }),
      );
      expect(other.statusCode).toBe(409);
      expect(json(other).error).toBe('idempotency_conflict');
      expect((await storedLead(String(json(first).id)))?.name).toBe('Ann Lee');
    });

    it('refuses a header key that differs from the body key', async () => {
      const response = await invoke(
        jsonEvent(callback({ idempotencyKey: randomUUID() }), {
          headers: { 'idempotency-key': randomUUID() },
          sourceIp: ip(),
        }),
      );
      expect(response.statusCode).toBe(400);
      expect(json(response).fields).toHaveProperty('idempotencyKey');
    });
  });

  describe('campaign and variant', () => {
    it('stores a known campaign and variant, and an unknown one as unknown', async () => {
      const known = await invoke(
        jsonEvent(callback({ campaign: 'demo-sciatica', variant: 'b' }), { sourceIp: ip() }),
      );
      const unknown = await invoke(
        jsonEvent(callback({ campaign: 'free-money', variant: 'b' }), { sourceIp: ip() }),
      );
      const wrongVariant = await invoke(
        jsonEvent(callback({ campaign: 'demo-sciatica', variant: 'z' }), { sourceIp: ip() }),
      );
      expect((await storedLead(String(json(known).id)))?.attribution).toMatchObject({
        campaign: 'demo-sciatica',
        variant: 'b',
      });
      expect((await storedLead(String(json(unknown).id)))?.attribution).toMatchObject({
        campaign: 'unknown',
        variant: 'unknown',
      });
      expect((await storedLead(String(json(wrongVariant).id)))?.attribution).toMatchObject({
        campaign: 'demo-sciatica',
        variant: 'unknown',
      });
    });

    it('takes the advert parameters of a plain form from the page it was posted from', async () => {
      const response = await invoke(
        formEvent(
          {
            kind: 'callback',
            name: 'Di Ross',
            phone: '312-555-0124',
            consent: 'on',
            website: '',
            campaign: 'demo-sciatica',
            variant: 'a',
            // The campaign's default, prerendered: the page's own address wins.
            utm_source: 'demo-search',
            utm_medium: 'cpc',
            landingPath: '/sciatica/',
          },
          {
            sourceIp: ip(),
            headers: {
              referer: 'https://clinic.example/sciatica/?utm_source=radio&utm_campaign=march',
            },
          },
        ),
      );
      const location = new URL(String(response.headers?.location), 'https://clinic.example');
      const item = await storedLead(String(location.searchParams.get('ref')));
      expect(item?.attribution).toEqual({
        campaign: 'demo-sciatica',
        variant: 'a',
        utm_source: 'radio',
        utm_medium: 'cpc',
        utm_campaign: 'march',
        landingPath: '/sciatica/',
      });
    });
  });

  describe('the plain HTML form (JavaScript off)', () => {
    it('answers 303 to the thank-you page and stores the lead', async () => {
      const response = await invoke(
        formEvent(
          {
            kind: 'callback',
            name: 'Cy Park',
            phone: '312-555-0123',
            preferredTime: 'evening',
            consent: 'on',
            website: '',
          },
          { sourceIp: ip() },
        ),
      );
      expect(response.statusCode).toBe(303);
      const location = new URL(String(response.headers?.location), 'https://clinic.example');
      expect(location.pathname).toBe('/thank-you/');
      expect(location.searchParams.get('kind')).toBe('callback');
      const item = await storedLead(String(location.searchParams.get('ref')));
      expect(item).toMatchObject({ name: 'Cy Park', phone: '+13125550123', via: 'form' });
    });

    it('shows the form again with its errors and values, storing nothing', async () => {
      const name = `Dee ${randomUUID().slice(0, 6)}`;
      const response = await invoke(
        formEvent({ kind: 'callback', name, phone: '12', website: '' }, { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(422);
      expect(response.headers?.['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain(MESSAGES.phoneInvalid);
      expect(response.body).toContain(MESSAGES.consentRequired);
      expect(await itemsWhere('name', name)).toHaveLength(0);
    });
  });

  describe('validation', () => {
    it.each([
      ['an unknown kind', { kind: 'newsletter' }, 'kind', MESSAGES.kind],
      ['a missing name', { name: '' }, 'name', MESSAGES.nameRequired],
      ['a name of only spaces', { name: '    ' }, 'name', MESSAGES.nameRequired],
      ['a name over 100 characters', { name: 'a'.repeat(101) }, 'name', MESSAGES.nameTooLong],
      ['a line feed in the name', { name: 'Ann\nBcc: x@example.com' }, 'name', MESSAGES.singleLine],
      [
        'a carriage return in the email',
        { email: 'a@example.com\rBcc: x@example.com' },
        'email',
        MESSAGES.singleLine,
      ],
      ['a control character in the name', { name: 'Ann\u0007' }, 'name', MESSAGES.controlChars],
      ['a missing phone', { phone: undefined }, 'phone', MESSAGES.phoneRequired],
      ['a phone that is not a number', { phone: 'call me maybe' }, 'phone', MESSAGES.phoneInvalid],
      ['a phone too short', { phone: '555' }, 'phone', MESSAGES.phoneInvalid],
      ['a malformed email', { email: 'ann@' }, 'email', MESSAGES.emailInvalid],
      [
        'an email over 254 characters',
        { email: `${'a'.repeat(250)}@example.com` },
        'email',
        MESSAGES.emailTooLong,
      ],
      [
        'an unknown preferred time',
        { preferredTime: 'midnight' },
        'preferredTime',
        MESSAGES.preferredTime,
      ],
      [
        'a message over 2,000 characters',
        { message: 'a'.repeat(2001) },
        'message',
        MESSAGES.messageTooLong,
      ],
      ['no consent', { consent: false }, 'consent', MESSAGES.consentRequired],
      ['a name that is not text', { name: { first: 'Ann' } }, 'name', MESSAGES.text],
      [
        'a malformed idempotency key',
        { idempotencyKey: 'not-a-uuid' },
        'idempotencyKey',
        MESSAGES.idempotencyKey,
      ],
    ])('refuses %s with a message a person can act on', async (_, overrides, field, message) => {
      const response = await invoke(jsonEvent(callback(overrides), { sourceIp: ip() }));
      expect(response.statusCode).toBe(422);
      const body = json(response);
      expect(body.error).toBe('validation');
      expect((body.fields as Record<string, string>)[field]).toBe(message);
    });

    it.each([
      ['without an email', { email: undefined }, 'email', MESSAGES.emailRequired],
      ['without a message', { message: '  ' }, 'message', MESSAGES.messageRequired],
    ])('refuses a contact request %s', async (_, overrides, field, message) => {
      const response = await invoke(jsonEvent(contact(overrides), { sourceIp: ip() }));
      expect(response.statusCode).toBe(422);
      expect((json(response).fields as Record<string, string>)[field]).toBe(message);
    });

    it('stores nothing for a refused request', async () => {
      const name = `Refused ${randomUUID().slice(0, 6)}`;
      await invoke(jsonEvent(callback({ name, phone: 'nope' }), { sourceIp: ip() }));
      expect(await itemsWhere('name', name)).toHaveLength(0);
    });

    it.each([
      ['malformed JSON', '{"kind": "callback",'],
      ['a JSON array', '[1, 2, 3]'],
      ['a JSON string', '"hello"'],
    ])('answers 400 for %s', async (_, body) => {
      const response = await invoke(
        leadsEvent({ contentType: 'application/json', body, sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(400);
      expect(json(response)).toMatchObject({
        error: 'validation',
        fields: { body: expect.any(String) },
      });
    });
  });

  describe('protocol limits', () => {
    it('answers 413 for a body over 16 KiB', async () => {
      const response = await invoke(
        jsonEvent(callback({ message: 'x'.repeat(17 * 1024) }), { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(413);
    });

    it.each([['text/plain'], ['multipart/form-data; boundary=x'], [undefined]])(
      'answers 415 for content type %s',
      async (contentType) => {
        const response = await invoke(
          leadsEvent({
            body: JSON.stringify(callback()),
            sourceIp: ip(),
            ...(contentType && { contentType }),
          }),
        );
        expect(response.statusCode).toBe(415);
      },
    );

    it.each([['GET'], ['PUT'], ['DELETE']])(
      'answers 405 with Allow: POST for %s',
      async (method) => {
        const response = await invoke(leadsEvent({ method, sourceIp: ip() }));
        expect(response.statusCode).toBe(405);
        expect(response.headers?.allow).toBe('POST');
      },
    );
  });

  describe('the honeypot', () => {
    it('answers like success but keeps the request only as short-lived spam', async () => {
      const name = `Bot ${randomUUID().slice(0, 6)}`;
      const response = await invoke(
        jsonEvent(callback({ name, website: 'http://spam.example' }), { sourceIp: ip() }),
      );
      expect(response.statusCode).toBe(201);
      const id = String(json(response).id);
      expect(await storedLead(id)).toBeUndefined();
      const [spam] = await itemsWhere('id', id);
      expect(spam).toMatchObject({ entity: 'spam', pk: `SPAM#${id}` });
      expect(Number(spam?.expiresAt) - Date.now() / 1000).toBeLessThanOrEqual(7 * 86400);
    });
  });

  describe('rate limiting', () => {
    it('answers 429 with Retry-After once a client passes its limit', async () => {
      const sourceIp = ip();
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        statuses.push((await invoke(jsonEvent(callback(), { sourceIp }))).statusCode ?? 0);
      }
      expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
      const limited = await invoke(jsonEvent(callback(), { sourceIp }));
      expect(limited.statusCode).toBe(429);
      const retryAfter = Number(limited.headers?.['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(json(limited)).toMatchObject({ error: 'rate_limited', retryAfterSeconds: retryAfter });
      // Another client is not affected.
      expect((await invoke(jsonEvent(callback(), { sourceIp: ip() }))).statusCode).toBe(201);
    });
  });

  describe('server errors', () => {
    it('answers a generic 500 with the request id and no internal detail', async () => {
      const { dynamodbEndpoint, sesUrl } = aws();
      const broken = await loadHandler<{ handler: SubmitHandler }>(submitFunction, {
        tableName: 'no-such-table',
        dynamodbEndpoint,
        sesUrl,
      });
      const event = jsonEvent(callback(), { sourceIp: ip() });
      const response = await broken.handler(event);
      expect(response.statusCode).toBe(500);
      expect(json(response)).toEqual({
        error: 'server_error',
        message: expect.any(String),
        requestId: event.requestContext.requestId,
      });
      expect(response.body).not.toMatch(/table|dynamo|resource|stack|at /i);
    });
  });
});
