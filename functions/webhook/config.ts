/**
 * The webhook function's settings, read from its environment once at cold start (declared by
 * `webhookFunction.environment` in infra/manifest.ts; `WEBHOOK_SECRET` and `STATUS_LINK_KEY`
 * name where the keys are and are added by the CDK app or the local stack).
 */
import { EnvironmentError, requireEnv, requireIntEnv, requireTimeZoneEnv } from '../lib/env';
import { parseOpeningHours, type OpeningHours } from '../lib/opening-hours';
import type { WebhookFormat } from './payload';

/** Environment variable naming where the signing secret is: `file:<path>` or a secret ARN. */
export const WEBHOOK_SECRET_VARIABLE = 'WEBHOOK_SECRET';

export interface WebhookConfig {
  /** Where each alert is POSTed. */
  readonly url: string;
  readonly format: WebhookFormat;
  readonly clinicName: string;
  /** The status-page link in each alert. */
  readonly statusLinks: { readonly baseUrl: string; readonly days: number };
  /** What the call-by time is computed from (as in the clinic email). */
  readonly hours: OpeningHours;
  readonly targetMinutes: number;
  /** How long one POST may take before it counts as failed. */
  readonly timeoutMs: number;
}

type Source = Readonly<Record<string, string | undefined>>;

/** Reads and checks the environment; throws an `EnvironmentError` naming what to set. */
export function webhookSettingsFromEnv(env: Source = process.env): {
  readonly tableName: string;
  readonly config: WebhookConfig;
} {
  const url = requireEnv('WEBHOOK_URL', env);
  if (!/^https?:\/\/[^\s/@]+(\/\S*)?$/.test(url)) {
    throw new EnvironmentError('Environment variable WEBHOOK_URL must be an http(s) address');
  }
  const format = requireEnv('WEBHOOK_FORMAT', env);
  if (format !== 'json' && format !== 'chat') {
    throw new EnvironmentError('Environment variable WEBHOOK_FORMAT must be "json" or "chat"');
  }
  const timeZone = requireTimeZoneEnv('CLINIC_TIME_ZONE', env);
  let hours: OpeningHours;
  try {
    hours = parseOpeningHours(requireEnv('CLINIC_HOURS', env), timeZone);
  } catch (error) {
    if (error instanceof EnvironmentError) throw error;
    throw new EnvironmentError(
      "Environment variable CLINIC_HOURS must be the clinic's opening hours as JSON",
    );
  }
  return {
    tableName: requireEnv('TABLE_NAME', env),
    config: {
      url,
      format,
      clinicName: requireEnv('CLINIC_NAME', env),
      statusLinks: {
        baseUrl: requireEnv('STATUS_LINK_BASE_URL', env),
        days: requireIntEnv('STATUS_LINK_DAYS', 1, 90, env),
      },
      hours,
      targetMinutes: requireIntEnv('FOLLOW_UP_TARGET_MINUTES', 1, 600, env),
      timeoutMs: requireIntEnv('WEBHOOK_TIMEOUT_MS', 100, 30_000, env),
    },
  };
}
