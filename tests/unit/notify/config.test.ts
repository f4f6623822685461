import { describe, expect, it } from 'vitest';
import { notifySettingsFromEnv } from '../../../functions/notify/config';
import { EnvironmentError } from '../../../functions/lib/env';

const env = {
  TABLE_NAME: 'leads',
  CLINIC_NAME: 'Willow Lane Acupuncture',
  CLINIC_PHONE: '+13125550134',
  CLINIC_PUBLIC_EMAIL: 'hello@willowlane.example.com',
  CLINIC_TIME_ZONE: 'America/Chicago',
  LEAD_RECIPIENTS: 'frontdesk@willowlane.example.com, owner@willowlane.example.com',
  SENDER_EMAIL: 'no-reply@willowlane.example.com',
  SENDER_NAME: 'Willow Lane Acupuncture',
  SITE_URL: 'https://www.willowlane.example.com',
  STATUS_LINK_BASE_URL: 'https://www.willowlane.example.com',
  STATUS_LINK_DAYS: '30',
  CLINIC_HOURS: '[{"days":["Mo","Tu"],"opens":"08:00","closes":"18:00"}]',
  FOLLOW_UP_TARGET_MINUTES: '15',
  REPEAT_WINDOW_DAYS: '90',
};

describe('Notify settings from the environment', () => {
  it('reads every setting, splitting the recipients', () => {
    const { tableName, config } = notifySettingsFromEnv(env);
    expect(tableName).toBe('leads');
    expect(config.recipients).toEqual([
      'frontdesk@willowlane.example.com',
      'owner@willowlane.example.com',
    ]);
    expect(config.configurationSetName).toBeUndefined();
  });

  it('uses the SES configuration set when one is given', () => {
    const { config } = notifySettingsFromEnv({ ...env, SES_CONFIGURATION_SET: 'leads' });
    expect(config.configurationSetName).toBe('leads');
  });

  it.each(Object.keys(env))('fails loudly, naming %s, when it is missing', (name) => {
    expect(() => notifySettingsFromEnv({ ...env, [name]: undefined })).toThrow(new RegExp(name));
  });

  it.each([
    ['CLINIC_TIME_ZONE', 'Mars/Olympus'],
    ['SENDER_EMAIL', 'no-reply@example.com\r\nBcc: x@example.com'],
    ['LEAD_RECIPIENTS', 'frontdesk@example.com, not an address'],
    ['CLINIC_HOURS', '[{"days":["Monday"],"opens":"08:00","closes":"18:00"}]'],
  ])('refuses a malformed %s', (name, value) => {
    expect(() => notifySettingsFromEnv({ ...env, [name]: value })).toThrow(EnvironmentError);
  });
});
