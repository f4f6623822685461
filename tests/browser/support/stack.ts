/**
 * The local stack for browser tests: a fresh production build of the site, served with the
 * security headers the distribution sends with that build (its CSP allows the build's inline
 * styles by hash), in front of the real API on DynamoDB Local and the SES
 * emulator. Each test file starts its own stack on free ports with its own data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'vite';
import { readCdkContext } from '../../../infra/config/load-config';
import { freePort } from '../../../infra/local/ports';
import {
  startLocalStack,
  type LocalStack,
  type LocalStackOptions,
} from '../../../infra/local/stack';
import { siteSecurityHeaders } from '../../../infra/site/security-headers';

/** Where the build is written and served from. */
export const SITE_DIR = 'web/dist';

/** Builds web/dist exactly as `npm run build` does. */
async function buildSite(): Promise<void> {
  // The config imports TypeScript without extensions, which only the native loader minds.
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
  await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
}

export interface TestStack extends LocalStack {
  readonly webUrl: string;
}

/**
 * Builds the site and starts the stack with `web: 'dist'`; `functionInstances: 'process'` runs
 * the API's functions as their shipped bundles with cold and warm starts (`npm run bench:submit`),
 * and `emulators` reuses emulators already running.
 */
export async function startTestStack(
  options: Pick<LocalStackOptions, 'functionInstances' | 'emulators'> = {},
): Promise<TestStack> {
  await buildSite();
  const dataDir = mkdtempSync(join(tmpdir(), 'site-stack-'));
  const context = readCdkContext();
  const leads = context.leads as Record<string, unknown>;
  const stack = await startLocalStack({
    dataDir,
    web: 'dist',
    siteHeaders: siteSecurityHeaders(SITE_DIR),
    ports: {
      dynamodb: await freePort(),
      ses: await freePort(),
      api: await freePort(),
      web: await freePort(),
      webhook: await freePort(),
    },
    // Every test posts from 127.0.0.1: lift the per-client limit so the suite never hits it.
    configOverrides: {
      leads: { ...leads, rateLimit: { maxPerWindow: 10_000, windowSeconds: 600 } },
    },
    tableName: 'leads-browser',
    // No scheduled follow-up: nothing here waits for a call-by time, and a run at start would
    // compete with the first request of the file for DynamoDB Local.
    followUpEveryMs: false,
    ...options,
  });
  if (stack.webUrl === undefined) throw new Error('The stack did not serve the site');
  return {
    ...stack,
    webUrl: stack.webUrl,
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A stored lead as the tests read it. */
export interface StoredLead {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  readonly preferredTime?: string;
  readonly message?: string;
  readonly via?: string;
  readonly attribution?: Record<string, string>;
  readonly consent?: { readonly disclosureVersion: string };
}

/** Every lead stored under a name (each test uses a name of its own). */
export async function leadsNamed(stack: LocalStack, name: string): Promise<StoredLead[]> {
  const items: StoredLead[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.db.send(
      new ScanCommand({
        TableName: stack.tableName,
        FilterExpression: '#entity = :lead AND #name = :name',
        ExpressionAttributeNames: { '#entity': 'entity', '#name': 'name' },
        ExpressionAttributeValues: { ':lead': 'lead', ':name': name },
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    items.push(...((page.Items ?? []) as StoredLead[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** An email the SES emulator received. */
export interface SentEmail {
  readonly subject?: string;
  readonly destination?: { readonly to?: readonly string[] };
  readonly body?: { readonly text?: string; readonly html?: string };
}

/** Emails that mention a text (a lead id), once the stream has delivered everything so far. */
export async function emailsMentioning(stack: LocalStack, text: string): Promise<SentEmail[]> {
  await stack.idle();
  const response = await fetch(`${stack.sesUrl}/store`);
  const { emails } = (await response.json()) as { emails: SentEmail[] };
  return emails.filter((email) =>
    [email.subject, email.body?.text, email.body?.html].some((part) => part?.includes(text)),
  );
}

/** A name no other test uses, so its leads can be found and counted. */
export function uniqueName(label: string): string {
  return `${label} ${Math.random().toString(36).slice(2, 8)}`;
}
