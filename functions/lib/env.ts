/**
 * Environment parsing, done once at cold start. A missing or malformed variable fails the
 * cold start loudly with its name, never silently as an empty string.
 */
import { assertTimeZone } from './email/format';

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

type Source = Readonly<Record<string, string | undefined>>;

/** A required, non-empty variable. */
export function requireEnv(name: string, env: Source = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new EnvironmentError(`Environment variable ${name} must be set`);
  }
  return value;
}

/** An optional variable: `undefined` when unset or empty. */
export function optionalEnv(name: string, env: Source = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** `raw` as a whole number from `min` to `max`, or `undefined` when it is not one. */
export function parseWholeNumber(raw: string, min: number, max: number): number | undefined {
  const value = Number(raw);
  return raw.trim() !== '' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : undefined;
}

/** A required whole number within bounds. */
export function requireIntEnv(
  name: string,
  min: number,
  max: number,
  env: Source = process.env,
): number {
  const raw = requireEnv(name, env);
  const value = parseWholeNumber(raw, min, max);
  if (value === undefined) {
    throw new EnvironmentError(
      `Environment variable ${name} must be a whole number from ${min} to ${max}, got "${raw}"`,
    );
  }
  return value;
}

/** A required comma-separated list with at least one entry. */
export function requireListEnv(name: string, env: Source = process.env): string[] {
  const list = requireEnv(name, env)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length === 0)
    throw new EnvironmentError(`Environment variable ${name} must list at least one value`);
  return list;
}

/** A required IANA time zone the runtime knows, such as "America/Chicago". */
export function requireTimeZoneEnv(name: string, env: Source = process.env): string {
  const timeZone = requireEnv(name, env);
  try {
    assertTimeZone(timeZone);
  } catch {
    throw new EnvironmentError(
      `Environment variable ${name} must be an IANA time zone such as "America/Chicago", got "${timeZone}"`,
    );
  }
  return timeZone;
}
