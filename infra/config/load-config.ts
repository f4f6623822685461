/**
 * Reads cdk.json's context from disk for the tools that do not run inside the CDK app
 * (the local stack, the site build, benchmarks), so they see exactly what a synth sees.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig, type AppConfig } from './config';

export const CDK_JSON_PATH = fileURLToPath(new URL('../../cdk.json', import.meta.url));

/** The raw `context` object of cdk.json. */
export function readCdkContext(path = CDK_JSON_PATH): Record<string, unknown> {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { context?: Record<string, unknown> };
  return json.context ?? {};
}

/** The validated configuration, with optional overrides (e.g. `{ stage: 'prod' }`). */
export function loadConfig(overrides: Record<string, unknown> = {}): AppConfig {
  return parseConfig({ ...readCdkContext(), ...overrides });
}
