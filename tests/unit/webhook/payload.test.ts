import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alertBody, type LeadAlert } from '../../../functions/webhook/payload';
import { checkSignature, signatureHeader } from '../../../functions/webhook/signature';

const ALERT: LeadAlert = {
  reference: '0c1f6a2e-5b7d-4e8f-9a1b-2c3d4e5f6a7b',
  kind: 'callback',
  preferredTime: 'evening',
  receivedAt: '2026-03-03T15:00:00.000Z',
  callBy: '2026-03-03T15:15:00.000Z',
  callByText: 'today at 9:15 AM',
  statusPage: 'https://www.clinic.example/api/leads/status?lead=0c1f&t=1.x',
};

describe('Webhook payload formats', () => {
  it('sends a chat channel one line of text with the same facts', () => {
    expect(JSON.parse(alertBody(ALERT, 'chat', 'Willow Lane Acupuncture'))).toEqual({
      text: 'Willow Lane Acupuncture: New callback request (evening). Call by today at 9:15 AM. Ref 0c1f6a2e-5b7d-4e8f-9a1b-2c3d4e5f6a7b. Details and status: https://www.clinic.example/api/leads/status?lead=0c1f&t=1.x',
    });
  });

  it('says "contact request", with no preferred time, for a contact lead', () => {
    const body = alertBody(
      { ...ALERT, kind: 'contact', preferredTime: undefined },
      'chat',
      'Willow Lane Acupuncture',
    );
    expect(JSON.parse(body).text).toMatch(
      /^Willow Lane Acupuncture: New contact request\. Call by/,
    );
    expect(
      JSON.parse(alertBody({ ...ALERT, preferredTime: undefined }, 'json', 'x')),
    ).toMatchObject({ preferredTime: null });
  });
});

describe('Webhook signature', () => {
  const secret = Buffer.from('s'.repeat(64));
  const body = '{"type":"lead.created"}';

  it('is HMAC-SHA256 of "<t>.<body>", hex, in the t=…,v1=… header', () => {
    const expected = createHmac('sha256', 's'.repeat(64))
      .update('1772550000.{"type":"lead.created"}')
      .digest('hex');
    expect(signatureHeader(secret, 1_772_550_000, body)).toBe(`t=1772550000,v1=${expected}`);
  });

  it.each([
    ['a fresh, matching signature', 1_772_550_000, undefined, 'ok'],
    ['a changed body', 1_772_550_000, '{"type":"lead.created "}', 'bad-signature'],
    ['a replay six minutes later', 1_772_550_360, undefined, 'stale'],
  ] as const)('answers %s', (_what, nowSeconds, received, result) => {
    const header = signatureHeader(secret, 1_772_550_000, body);
    expect(checkSignature(secret, header, received ?? body, new Date(nowSeconds * 1000))).toBe(
      result,
    );
  });

  it('refuses a missing or malformed header', () => {
    const now = new Date(1_772_550_000_000);
    expect(checkSignature(secret, undefined, body, now)).toBe('missing');
    expect(checkSignature(secret, 't=1,v1=zz', body, now)).toBe('malformed');
  });
});
