/**
 * Every log line and metric of a lead's whole life on the local stack (request, emails, status
 * page, changes, scheduled follow-up) is captured, and none holds a personal value: logs and
 * metrics carry ids, outcomes and numbers only.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { captureOutput, type CapturedOutput } from '../support/captured-output';
import { eventually, sentEmails } from '../support/local-aws';

describe('A lead’s whole life in the logs and metrics', () => {
  let stack: LocalStack;
  let dataDir: string;
  let output: CapturedOutput;

  beforeAll(async () => {
    output = captureOutput();
    dataDir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
    stack = await startLocalStack({
      dataDir,
      web: false,
      ports: { api: 0, webhook: 0 },
      followUpEveryMs: false,
      tableName: `leads-life-${randomUUID().slice(0, 8)}`,
      emulators: { dynamodbEndpoint: inject('dynamodbEndpoint'), sesUrl: inject('sesUrl') },
    });
  });

  afterAll(async () => {
    output.restore();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs ids and outcomes and emits the response-time metric, with no personal value', async () => {
    const personal = {
      name: 'Quincy Lifecycle-Zebra',
      phone: '(312) 555-0143',
      email: `quincy.${randomUUID().slice(0, 8)}@example.com`,
      message: 'Lower back pain after lifting a piano',
    };
    const response = await fetch(`${stack.apiUrl}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'callback',
        preferredTime: 'morning',
        consent: true,
        ...personal,
      }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const [clinic] = await eventually(
      async () => (await sentEmails(stack.sesUrl)).filter((e) => (e.body.text ?? '').includes(id)),
      (list) => list.length >= 1,
    );
    const links = Object.fromEntries(
      [...(clinic?.body.text ?? '').matchAll(/^- (.+): (http\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    for (const action of ['Called – no answer', 'Reached']) {
      const page = await (await fetch(links[action]!)).text();
      const fields = Object.fromEntries(
        [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
          m[1],
          m[2],
        ]),
      );
      const changed = await fetch(`${stack.apiUrl}/api/leads/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      expect(changed.status).toBe(200);
    }
    await stack.followUp();
    await stack.idle();

    const text = output.text();
    // The life is in the logs: stored, notified, answered, followed up, measured.
    for (const line of ['Lead stored', 'Lead notified', 'Status link answered', 'Follow-up run']) {
      expect(text).toContain(line);
    }
    expect(text).toContain(id);
    const metricLines = text.split('\n').filter((l) => l.includes('"_aws"'));
    expect(metricLines.some((l) => l.includes('"MinutesToFirstAttempt"'))).toBe(true);
    expect(metricLines.some((l) => l.includes('"MinutesToFirstContact"'))).toBe(true);
    // Nothing the patient typed, in any form.
    for (const value of [
      personal.name,
      'Quincy',
      'Zebra',
      personal.phone,
      '+13125550143',
      '555-0143',
      '5550143',
      personal.email,
      'piano',
    ]) {
      expect(text, `a log line or metric holds "${value}"`).not.toContain(value);
    }
  });
});
