/**
 * The notify function's settings, read from its environment once at cold start (the variables
 * are declared by `notifyFunction.environment` in infra/manifest.ts).
 */
import {
  EnvironmentError,
  optionalEnv,
  requireEnv,
  requireIntEnv,
  requireListEnv,
  requireTimeZoneEnv,
} from '../lib/env';
import { isSafeAddress } from '../lib/email/escape';
import type { EmailSettings } from '../lib/email/types';
import { parseOpeningHours, type OpeningHours } from '../lib/opening-hours';

/** What the notify core needs to know besides the lead. */
export interface NotifyConfig extends EmailSettings {
  /** SES configuration set for every message, when the deployment has one. */
  readonly configurationSetName?: string;
  /** The signed status links in the clinic email. */
  readonly statusLinks: {
    /** The origin the links point at (the site, which serves `/api/*`). */
    readonly baseUrl: string;
    /** Days a link keeps working. */
    readonly days: number;
  };
  /** What a lead's call-by time is computed from. */
  readonly followUp: {
    readonly hours: OpeningHours;
    /** Opening minutes from a request to its call-by time. */
    readonly targetMinutes: number;
    /** Days back a request from the same number or address is noted as asked before. */
    readonly repeatWindowDays: number;
  };
}

type Source = Readonly<Record<string, string | undefined>>;

function address(name: string, value: string): string {
  if (!isSafeAddress(value)) {
    throw new EnvironmentError(`Environment variable ${name} must be a plain email address`);
  }
  return value;
}

function openingHours(json: string, timeZone: string): OpeningHours {
  try {
    return parseOpeningHours(json, timeZone);
  } catch (error) {
    throw new EnvironmentError(
      `Environment variable CLINIC_HOURS must be the clinic's opening hours as JSON (${error instanceof Error ? error.message : 'unreadable'})`,
    );
  }
}

/** Reads and checks the environment; throws an `EnvironmentError` naming what to set. */
export function notifySettingsFromEnv(env: Source = process.env): {
  readonly tableName: string;
  readonly config: NotifyConfig;
} {
  const timeZone = requireTimeZoneEnv('CLINIC_TIME_ZONE', env);
  const configurationSetName = optionalEnv('SES_CONFIGURATION_SET', env);
  return {
    tableName: requireEnv('TABLE_NAME', env),
    config: {
      clinic: {
        name: requireEnv('CLINIC_NAME', env),
        phone: requireEnv('CLINIC_PHONE', env),
        publicEmail: address('CLINIC_PUBLIC_EMAIL', requireEnv('CLINIC_PUBLIC_EMAIL', env)),
        timeZone,
      },
      siteUrl: requireEnv('SITE_URL', env),
      recipients: requireListEnv('LEAD_RECIPIENTS', env).map((r) => address('LEAD_RECIPIENTS', r)),
      sender: {
        email: address('SENDER_EMAIL', requireEnv('SENDER_EMAIL', env)),
        name: requireEnv('SENDER_NAME', env),
      },
      ...(configurationSetName !== undefined && { configurationSetName }),
      statusLinks: {
        baseUrl: requireEnv('STATUS_LINK_BASE_URL', env),
        days: requireIntEnv('STATUS_LINK_DAYS', 1, 90, env),
      },
      followUp: {
        hours: openingHours(requireEnv('CLINIC_HOURS', env), timeZone),
        targetMinutes: requireIntEnv('FOLLOW_UP_TARGET_MINUTES', 1, 600, env),
        repeatWindowDays: requireIntEnv('REPEAT_WINDOW_DAYS', 1, 3650, env),
      },
    },
  };
}
