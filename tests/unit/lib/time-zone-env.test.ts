/**
 * Every function that reads the clinic's time zone refuses, at cold start and by name, a zone
 * the runtime does not know, instead of failing later on the first date it formats.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../infra/config/load-config';
import {
  digestFunction,
  eventsFunction,
  statusFunction,
  type FunctionDeclaration,
} from '../../../infra/manifest';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

/** Imports `fn`'s handler with its declared environment and `timeZone`. */
async function coldStart(fn: FunctionDeclaration, timeZone: string): Promise<unknown> {
  Object.assign(process.env, fn.environment(loadConfig(), { tableName: 'leads-test' }), {
    AWS_REGION: 'us-east-1',
    STATUS_LINK_KEY: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:link-key',
    CLINIC_TIME_ZONE: timeZone,
  });
  vi.resetModules();
  return import(`../../../${fn.entry}`);
}

describe.each([eventsFunction, digestFunction, statusFunction].map((fn) => [fn.name, fn] as const))(
  '%s',
  (_name, fn) => {
    it('starts with a known time zone', async () => {
      expect(await coldStart(fn, 'America/Chicago')).toHaveProperty('handler');
    });

    it('refuses an unknown one by name', async () => {
      await expect(coldStart(fn, 'America/Chicgo')).rejects.toThrow(
        'Environment variable CLINIC_TIME_ZONE must be an IANA time zone such as "America/Chicago", got "America/Chicgo"',
      );
    });
  },
);
