import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../functions/lib/env';
import { webhookSettingsFromEnv } from '../../../functions/webhook/config';
import { askedBeforeNote } from '../../../functions/notify/repeat-requests';

const env = {
  TABLE_NAME: 'leads',
  WEBHOOK_URL: 'https://crm.example.com/hooks/leads',
  WEBHOOK_FORMAT: 'chat',
  WEBHOOK_TIMEOUT_MS: '5000',
  CLINIC_NAME: 'Willow Lane Acupuncture',
  CLINIC_TIME_ZONE: 'America/Chicago',
  CLINIC_HOURS: '[{"days":["Mo","Tu"],"opens":"08:00","closes":"18:00"}]',
  STATUS_LINK_BASE_URL: 'https://www.willowlane.example.com',
  STATUS_LINK_DAYS: '30',
  FOLLOW_UP_TARGET_MINUTES: '15',
};

describe('Webhook settings from the environment', () => {
  it('reads every setting', () => {
    const { tableName, config } = webhookSettingsFromEnv(env);
    expect(tableName).toBe('leads');
    expect(config).toMatchObject({
      url: 'https://crm.example.com/hooks/leads',
      format: 'chat',
      timeoutMs: 5000,
      targetMinutes: 15,
      statusLinks: { baseUrl: 'https://www.willowlane.example.com', days: 30 },
    });
  });

  it.each(Object.keys(env))('fails loudly, naming %s, when it is missing', (name) => {
    expect(() => webhookSettingsFromEnv({ ...env, [name]: undefined })).toThrow(new RegExp(name));
  });

  it.each([
    ['WEBHOOK_URL', 'crm.example.com'],
    ['WEBHOOK_FORMAT', 'xml'],
    ['CLINIC_HOURS', '[{"days":["Monday"],"opens":"08:00","closes":"18:00"}]'],
    ['CLINIC_TIME_ZONE', 'Mars/Olympus'],
  ])('refuses a malformed %s', (name, value) => {
    expect(() => webhookSettingsFromEnv({ ...env, [name]: value })).toThrow(EnvironmentError);
  });
});

describe('The "Asked before" note', () => {
  const at = new Date('2026-03-05T16:30:00.000Z');
  const request = (createdAt: string, id: string) => ({ id, createdAt, status: 'new' as const });

  it('says nothing when nobody asked before', () => {
    expect(askedBeforeNote([], at)).toBeUndefined();
  });

  it.each([
    ['2026-03-05T16:29:00.000Z', '1 minute ago'],
    ['2026-03-05T16:00:00.000Z', '30 minutes ago'],
    ['2026-03-05T15:30:00.000Z', '1 hour ago'],
    ['2026-03-04T16:31:00.000Z', '23 hours ago'],
    ['2026-03-04T16:30:00.000Z', '1 day ago'],
    ['2026-02-03T16:30:00.000Z', '30 days ago'],
  ])('counts a request made at %s as %s', (createdAt, words) => {
    expect(askedBeforeNote([request(createdAt, 'a')], at)).toBe(`${words}, ref a, status new`);
  });

  it('names the newest and counts the others', () => {
    const earlier = [
      request('2026-03-04T16:30:00.000Z', 'b'),
      request('2026-03-01T16:30:00.000Z', 'c'),
      request('2026-02-01T16:30:00.000Z', 'd'),
    ];
    expect(askedBeforeNote(earlier, at)).toBe(
      '1 day ago, ref b, status new (and 2 earlier requests)',
    );
    expect(askedBeforeNote(earlier.slice(0, 2), at)).toBe(
      '1 day ago, ref b, status new (and 1 earlier request)',
    );
  });
});
