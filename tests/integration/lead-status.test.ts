/**
 * Lead status from the clinic email, on the local stack: the email's action links open a page
 * (GET changes nothing), its button changes the status (POST) and records the history; refused
 * links and backward moves change nothing; concurrent changes are never lost; a form sent twice
 * is recorded once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { leadKey, type LeadItem } from '../../functions/lib/lead-item';
import { signStatusToken } from '../../functions/lib/status-link';
import { LOCAL_LINK_KEY_FILE } from '../../infra/local/link-key';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { eventually, sentEmails } from '../support/local-aws';
import { makeLead } from '../support/lead-fixtures';

describe('Lead status from the links in the clinic email', () => {
  let stack: LocalStack;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lead-status-'));
    stack = await startLocalStack({
      dataDir,
      web: false,
      ports: { api: 0, webhook: 0 },
      tableName: `leads-status-${randomUUID().slice(0, 8)}`,
      emulators: { dynamodbEndpoint: inject('dynamodbEndpoint'), sesUrl: inject('sesUrl') },
      configOverrides: {
        leads: { ...leadsConfig(), rateLimit: { maxPerWindow: 1000, windowSeconds: 600 } },
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function leadsConfig(): Record<string, unknown> {
    const context = JSON.parse(readFileSync('cdk.json', 'utf8')) as {
      context: { leads: Record<string, unknown> };
    };
    return context.context.leads;
  }

  /** Stores a callback through the API and returns its id and the clinic email's action links. */
  async function newLead(): Promise<{ id: string; links: Record<string, string> }> {
    const response = await fetch(`${stack.apiUrl}/api/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'callback',
        name: 'Ann Lee',
        phone: '(312) 555-0188',
        preferredTime: 'morning',
        consent: true,
      }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const emails = await eventually(
      async () => (await sentEmails(stack.sesUrl)).filter((e) => (e.body.text ?? '').includes(id)),
      (list) => list.length >= 1,
    );
    const text = emails[0]?.body.text ?? '';
    const links: Record<string, string> = {};
    for (const match of text.matchAll(/^- (.+): (http\S+)$/gm)) links[match[1]!] = match[2]!;
    return { id, links };
  }

  async function stored(id: string): Promise<LeadItem> {
    const { Item } = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: leadKey(id), ConsistentRead: true }),
    );
    return Item as LeadItem;
  }

  /** The hidden fields of the first form on a page. */
  function formFields(html: string): Record<string, string> {
    const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
    const fields: Record<string, string> = {};
    for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[match[1]!] = match[2]!;
    }
    return fields;
  }

  const open = (url: string) => fetch(url.replace(/^http:\/\/127\.0\.0\.1:\d+/, stack.apiUrl));
  const submit = (fields: Record<string, string>) =>
    fetch(`${stack.apiUrl}/api/leads/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  async function pageFor(link: string): Promise<Record<string, string>> {
    const response = await open(link);
    expect(response.status).toBe(200);
    return formFields(await response.text());
  }

  it('puts one working link per action in the clinic email, pointing at the site', async () => {
    const { links } = await newLead();
    expect(Object.keys(links)).toEqual(['Called – no answer', 'Reached', 'Booked', 'Close…']);
    for (const link of Object.values(links)) {
      expect(link.startsWith(`${stack.apiUrl}/api/leads/status?lead=`)).toBe(true);
    }
  });

  it('shows the lead without personal details, and opening the link changes nothing', async () => {
    const { id, links } = await newLead();
    // The email can be in the inbox a moment before notify records it as sent: wait for the
    // stream to settle, so the only writer left is the link being tested.
    await stack.idle();
    const before = await stored(id);
    const response = await open(links.Reached!);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain(id);
    expect(html).toContain('Callback request');
    expect(html).toContain('Morning (8am–12pm)');
    expect(html).toContain('New: not called yet');
    expect(html).toContain('Mark as “Reached”');
    for (const personal of ['Ann Lee', '+13125550188', '555-0188', '555 0188']) {
      expect(html).not.toContain(personal);
    }
    // Opened again, as a mail scanner would: still nothing changes.
    await open(links.Reached!);
    const after = await stored(id);
    expect(after.status).toBe('new');
    expect(after.statusHistory).toBeUndefined();
    expect(after).toEqual(before);
  });

  it('changes the status by POST, recording the history and the first call and contact', async () => {
    const { id, links } = await newLead();
    const attempted = await submit(await pageFor(links['Called – no answer']!));
    expect(attempted.status).toBe(200);
    expect(await attempted.text()).toContain('Called, no answer yet (1 unanswered call)');
    const reached = await submit(await pageFor(links.Reached!));
    expect(reached.status).toBe(200);

    const lead = await stored(id);
    expect(lead.status).toBe('contacted');
    expect(lead.statusVersion).toBe(2);
    expect(lead.attempts).toBe(1);
    expect(lead.statusHistory?.map((c) => [c.from, c.to, c.via])).toEqual([
      ['new', 'attempted', 'email-link'],
      ['attempted', 'contacted', 'email-link'],
    ]);
    expect(lead.firstAttemptAt).toBe(lead.statusHistory?.[0]?.at);
    expect(lead.firstContactAt).toBe(lead.statusHistory?.[1]?.at);
  });

  it('records the same form sent twice once', async () => {
    const { id, links } = await newLead();
    const fields = await pageFor(links['Called – no answer']!);
    const first = await submit(fields);
    const second = await submit(fields);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await second.text()).toContain('Already recorded');
    const lead = await stored(id);
    expect(lead.attempts).toBe(1);
    expect(lead.statusHistory).toHaveLength(1);
  });

  it('refuses to move a lead backwards, and says why', async () => {
    const { id, links } = await newLead();
    const late = await pageFor(links['Called – no answer']!);
    await submit(await pageFor(links.Booked!));
    const response = await submit(late);
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('already booked');
    const lead = await stored(id);
    expect(lead.status).toBe('booked');
    expect(lead.statusHistory).toHaveLength(1);
  });

  it('closes a lead only with a reason, and keeps the reason', async () => {
    const { id, links } = await newLead();
    const fields = await pageFor(links['Close…']!);
    expect((await submit(fields)).status).toBe(409);
    expect((await stored(id)).status).toBe('new');
    const closed = await submit({ ...fields, reason: 'duplicate' });
    expect(closed.status).toBe(200);
    const lead = await stored(id);
    expect(lead.status).toBe('closed');
    expect(lead.closedReason).toBe('duplicate');
  });

  it.each([
    [
      'a tampered token',
      (l: URL) => l.searchParams.set('t', flipSignature(l.searchParams.get('t')!)),
      403,
    ],
    ['a changed expiry', (l: URL) => l.searchParams.set('t', `9${l.searchParams.get('t')!}`), 403],
    ['no token', (l: URL) => l.searchParams.delete('t'), 400],
  ])('refuses %s on GET and POST and changes nothing', async (_name, tamper, status) => {
    const { id, links } = await newLead();
    const fields = await pageFor(links.Reached!);
    const url = new URL(links.Reached!);
    tamper(url);
    const page = await open(url.toString());
    expect(page.status).toBe(status);
    expect(await page.text()).toContain('Nothing was changed.');
    const token = url.searchParams.get('t');
    const post = await submit({ ...fields, t: token ?? '' });
    expect(post.status).toBe(status);
    const lead = await stored(id);
    expect(lead.status).toBe('new');
    expect(lead.statusHistory).toBeUndefined();
  });

  it("refuses one lead's token used for another lead", async () => {
    const a = await newLead();
    const b = await newLead();
    const fieldsA = await pageFor(a.links.Reached!);
    const response = await submit({ ...fieldsA, lead: b.id });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('belongs to another lead');
    expect((await stored(a.id)).status).toBe('new');
    expect((await stored(b.id)).status).toBe('new');
  });

  it('refuses an expired link with its own page', async () => {
    const { id, links } = await newLead();
    const key = Buffer.from(readFileSync(join(dataDir, LOCAL_LINK_KEY_FILE), 'utf8').trim());
    const expired = signStatusToken(key, id, new Date(Date.now() - 60_000));
    const fields = await pageFor(links.Reached!);
    const url = new URL(links.Reached!);
    url.searchParams.set('t', expired);
    const page = await open(url.toString());
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has expired');
    expect((await submit({ ...fields, t: expired })).status).toBe(410);
    expect((await stored(id)).status).toBe('new');
  });

  it('lands both of two concurrent changes, or refuses one with a clear answer: never loses one', async () => {
    const { id, links } = await newLead();
    const [called, reached] = await Promise.all([
      pageFor(links['Called – no answer']!),
      pageFor(links.Reached!),
    ]);
    const answers = await Promise.all([submit(called), submit(reached)]);
    const texts = await Promise.all(answers.map((a) => a.text()));
    const lead = await stored(id);
    const landed = lead.statusHistory?.map((c) => c.changeId) ?? [];
    answers.forEach((answer, i) => {
      const changeId = [called, reached][i]!.changeId!;
      if (answer.status === 200) expect(landed).toContain(changeId);
      else {
        expect(answer.status).toBe(409);
        expect(texts[i]).toContain('Not changed');
        expect(landed).not.toContain(changeId);
      }
    });
    expect(lead.status).toBe('contacted');
    expect(lead.statusVersion).toBe(landed.length);
  });

  it('runs the scheduled follow-up on the same stack: a lead the stream and the re-send both see gets one email', async () => {
    // Stored an hour ago with its emails pending: the stream delivers it and the follow-up's
    // re-send of pending emails looks at it too; between them, one clinic email.
    const id = randomUUID();
    const createdAt = new Date(Date.now() - 60 * 60_000).toISOString();
    await stack.db.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: makeLead({
          id,
          createdAt,
          email: undefined,
          notification: {
            clinic: { status: 'pending' },
            patient: { status: 'not-applicable' },
          },
        }),
      }),
    );
    await Promise.all([stack.idle(), stack.followUp()]);
    await stack.followUp();
    await stack.idle();
    const emails = (await sentEmails(stack.sesUrl)).filter(
      (e) =>
        (e.body.text ?? '').includes(id) && !/^(Not called yet|Still not called):/.test(e.subject),
    );
    expect(emails).toHaveLength(1);
    expect((await stored(id)).notification.clinic.status).toBe('sent');
  });

  it('lands two concurrent unanswered calls as two attempts', async () => {
    const { id, links } = await newLead();
    const pages = await Promise.all([1, 2, 3].map(() => pageFor(links['Called – no answer']!)));
    const answers = await Promise.all(pages.map((fields) => submit(fields)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const lead = await stored(id);
    expect(lead.attempts).toBe(3);
    expect(lead.statusHistory).toHaveLength(3);
  });
});

/** The token with the first character of its signature changed (the last carries padding bits). */
function flipSignature(token: string): string {
  const at = token.indexOf('.') + 1;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}
