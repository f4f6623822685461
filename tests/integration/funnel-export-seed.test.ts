/**
 * `npm run seed -- --local` and `npm run export` on DynamoDB Local: the demo month is fictional,
 * shows in the report and is written once however often the seed runs; the export holds every
 * field, reads through the byMonth index (never a scan), is readable by its owner only, and
 * says it holds patient data.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FunnelReport } from '../../functions/lib/funnel/report';
import { runExport } from '../../infra/scripts/export';
import { runReport } from '../../infra/scripts/report';
import { runSeed } from '../../infra/scripts/seed';
import { writeSeed } from '../../infra/scripts/seed-store';
import { SITE_CAMPAIGNS } from '../support/api-events';
import { parseCsv } from '../support/csv';
import { useLocalAws } from '../support/local-aws';

const NOW = () => new Date('2026-11-30T18:00:00Z');

describe('Seed and export on the local stack', () => {
  const aws = useLocalAws();
  const env = () => ({ DYNAMODB_PORT: new URL(aws().dynamodbEndpoint).port });
  const io = (out: string[], err: string[] = []) => ({
    env: env(),
    campaigns: SITE_CAMPAIGNS,
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
    now: NOW,
  });
  afterEach(() => vi.restoreAllMocks());

  async function allItems() {
    const { Items } = await aws().db.send(new ScanCommand({ TableName: aws().tableName }));
    return Items ?? [];
  }

  it('seeds a fictional month once, however often it runs, and the report shows it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await runSeed(['--local', '--table', aws().tableName], io(out, err)), err.join()).toBe(
      0,
    );
    expect(out.join('\n')).toMatch(
      /Seeded .*: \d+ daily counters and \d+ fictional leads \(back-pain-2026, demo-sciatica, demo-desk-back\), 2026-10-31 to 2026-11-29/,
    );
    const first = await allItems();
    const leads = first.filter((i) => i.entity === 'lead');
    expect(leads.length).toBeGreaterThan(40);
    for (const lead of leads) {
      expect(String(lead.name)).toMatch(/^Demo Patient \d{3}$/);
      expect(String(lead.phone)).toMatch(/^\+13125550[1]\d\d$/);
      if (lead.email !== undefined) expect(String(lead.email)).toMatch(/@example\.com$/);
      if (lead.message !== undefined) expect(String(lead.message)).toMatch(/^\(Demo\) /);
    }
    const statuses = new Set(leads.map((l) => String(l.status)));
    for (const status of ['new', 'contacted', 'booked']) expect(statuses).toContain(status);

    const report: string[] = [];
    await runReport(
      [
        '--local',
        '--table',
        aws().tableName,
        '--from',
        '2026-10-31',
        '--to',
        '2026-11-29',
        '--format',
        'json',
      ],
      io(report),
    );
    const parsed = JSON.parse(report.join('\n')) as FunnelReport;
    const rows = parsed.rows.filter((r) => r.campaign.startsWith('demo-'));
    expect(rows.map((r) => `${r.campaign}/${r.variant}`)).toEqual([
      'demo-sciatica/a',
      'demo-sciatica/b',
      'demo-desk-back/control',
    ]);
    for (const row of rows) {
      expect(row.sessions).toBeGreaterThan(500);
      expect(row.requests).toBeGreaterThan(0);
      expect(row.requests).toBeLessThan(row.sessions);
    }
    expect(parsed.totals.requests).toBe(leads.length);
    expect(parsed.comparisons.map((c) => `${c.campaign}:${c.variant}/${c.control}`)).toEqual([
      'demo-sciatica:b/a',
    ]);
    // Run again: the same keys are rewritten, nothing is added.
    expect(await runSeed(['--local', '--table', aws().tableName], io([]))).toBe(0);
    expect((await allItems()).length).toBe(first.length);
  });

  it('refuses to seed anywhere but the local stack', async () => {
    const err: string[] = [];
    expect(await runSeed(['--stage', 'prod'], io([], err))).toBe(2);
    expect(err.join('\n')).toMatch(/Unknown option '--stage'|local stack only/);
    expect(await runSeed([], io([], err))).toBe(2);
    expect(err.join('\n')).toMatch(/local stack only: add --local/);
  });

  it('exports every lead since a day with all its fields, through the month index', async () => {
    await writeSeed(
      aws().db,
      aws().tableName,
      {
        counters: [],
        leads: [
          {
            id: '00000000-0000-8000-8000-00000000e001',
            kind: 'contact',
            createdAt: '2026-11-29T16:00:00.000Z',
            campaign: 'demo-sciatica',
            variant: 'b',
            source: 'demo-search',
            medium: 'cpc',
            name: 'Export, "Quoted" Person',
            phone: '+13125550177',
            email: 'export.person@example.com',
            message: '=HYPERLINK("http://evil.example","click")\nsecond line',
            history: [
              { at: '2026-11-29T17:00:00.000Z', to: 'attempted' },
              { at: '2026-11-29T19:00:00.000Z', to: 'contacted' },
            ],
          },
        ],
      },
      { retentionDays: 365 },
    );
    const sent: string[] = [];
    const send = DynamoDBDocumentClient.prototype.send;
    vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (
      this: DynamoDBDocumentClient,
      command: { constructor: { name: string } },
      ...rest: unknown[]
    ) {
      sent.push(command.constructor.name);
      return (send as (...a: unknown[]) => unknown).call(this, command, ...rest);
    } as never);
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const out: string[] = [];
    const code = await runExport(['--since', '2026-11-29', '--local', '--table', aws().tableName], {
      ...io(out),
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent)).toEqual(new Set(['QueryCommand']));
    const message = out.join('\n');
    // The seeded month (the test above) has leads on the 29th too: ours is one of them.
    const count = Number(/Exported (\d+) leads? created since 2026-11-29/.exec(message)?.[1]);
    expect(count).toBeGreaterThan(1);
    expect(message).toContain('This file holds patient data');
    const path = /File: (.+)/.exec(message)![1]!;
    expect(path.startsWith(join(dir, 'exports', 'leads-since-2026-11-29-'))).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
    expect(rows).toHaveLength(count);
    const ours = rows.find((row) => row[0] === '00000000-0000-8000-8000-00000000e001')!;
    const lead = Object.fromEntries(header!.map((h, i) => [h, ours[i]]));
    expect(header!.slice(0, 4)).toEqual(['id', 'createdAt', 'kind', 'status']);
    expect(header).not.toContain('pk');
    expect(header).not.toContain('gsi1pk');
    expect(lead).toMatchObject({
      id: '00000000-0000-8000-8000-00000000e001',
      createdAt: '2026-11-29T16:00:00.000Z',
      kind: 'contact',
      status: 'contacted',
      name: 'Export, "Quoted" Person',
      phone: '+13125550177',
      email: 'export.person@example.com',
      message: '\'=HYPERLINK("http://evil.example","click")\nsecond line',
      'funnel.campaign': 'demo-sciatica',
      'funnel.variant': 'b',
      'attribution.utm_source': 'demo-search',
      'attribution.utm_medium': 'cpc',
      firstAttemptAt: '2026-11-29T17:00:00.000Z',
      firstContactAt: '2026-11-29T19:00:00.000Z',
      status_history:
        '2026-11-29T17:00:00.000Z new→attempted; 2026-11-29T19:00:00.000Z attempted→contacted',
      'notification.clinic.status': 'sent',
    });
    expect(JSON.parse(lead.statusHistory!)).toHaveLength(2);
  });

  it('asks for --since and a day it can read', async () => {
    const err: string[] = [];
    expect(await runExport(['--local'], io([], err))).toBe(2);
    expect(err.join('\n')).toMatch(/--since <YYYY-MM-DD> is required/);
    expect(await runExport(['--local', '--since', '29/11/2026'], io([], err))).toBe(2);
    expect(err.join('\n')).toMatch(/--since must be a day written YYYY-MM-DD/);
  });
});
