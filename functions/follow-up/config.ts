/**
 * The follow-up function's settings: everything the notify function reads (it sends the same
 * emails when it re-sends pending ones), plus the reminder settings. Read once at cold start.
 */
import { EnvironmentError, optionalEnv, requireIntEnv } from '../lib/env';
import { isSafeAddress } from '../lib/email/escape';
import { notifySettingsFromEnv, type NotifyConfig } from '../notify/config';

export interface FollowUpConfig extends NotifyConfig {
  readonly reminders: {
    /** Opening minutes after the call-by time before the second reminder. */
    readonly secondAfterMinutes: number;
    /** Who else gets the second reminder. */
    readonly escalation: readonly string[];
  };
}

type Source = Readonly<Record<string, string | undefined>>;

export function followUpSettingsFromEnv(env: Source = process.env): {
  readonly tableName: string;
  readonly config: FollowUpConfig;
} {
  const { tableName, config } = notifySettingsFromEnv(env);
  const escalation = (optionalEnv('FOLLOW_UP_ESCALATION', env) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const address of escalation) {
    if (!isSafeAddress(address)) {
      throw new EnvironmentError(
        'Environment variable FOLLOW_UP_ESCALATION must list plain email addresses',
      );
    }
  }
  return {
    tableName,
    config: {
      ...config,
      reminders: {
        secondAfterMinutes: requireIntEnv('FOLLOW_UP_SECOND_REMINDER_MINUTES', 5, 600, env),
        escalation,
      },
    },
  };
}
