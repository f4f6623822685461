/**
 * Leads as CSV for the clinic's CRM: every stored field (nested ones as `parent.child`
 * columns), the funnel's campaign and variant, consent evidence and the status history, one
 * lead per line. Only the table's own key attributes are left out.
 */
import type { FunnelCampaigns } from './campaigns';
import { funnelLeadOf } from './lead-view';

/** Key attributes of the table and its index: how the lead is filed, not what it says. */
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk']);

/** Columns first in every export, in this order; other fields follow alphabetically. */
const LEADING = [
  'id',
  'createdAt',
  'kind',
  'status',
  'name',
  'phone',
  'email',
  'preferredTime',
  'message',
  'funnel.campaign',
  'funnel.variant',
  'firstAttemptAt',
  'firstContactAt',
  'status_history',
];

/**
 * A cell a spreadsheet will not run: a value starting with =, +, -, @, tab or CR is a formula
 * to Excel and its kin (CSV injection), so it gets a leading apostrophe. Plain numbers (an
 * E.164 phone number, a negative count) are left as they are.
 */
function safeCell(value: string): string {
  if (/^[=+\-@\t\r]/.test(value) && !/^[+-]?\d[\d.]*$/.test(value)) return `'${value}`;
  return value;
}

function csvField(value: string): string {
  const safe = safeCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function flatten(value: unknown, path: string, into: Record<string, string>): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    into[path] = JSON.stringify(value);
    return;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      flatten(inner, path === '' ? key : `${path}.${key}`, into);
    }
    return;
  }
  into[path] = typeof value === 'string' ? value : JSON.stringify(value);
}

/** "2026-11-02T15:30:00.000Z new→contacted; …", readable in a CRM note. */
function historyText(history: unknown): string | undefined {
  if (!Array.isArray(history) || history.length === 0) return undefined;
  return history
    .map((entry: Record<string, unknown>) => {
      const reason = typeof entry.reason === 'string' ? ` (${entry.reason})` : '';
      return `${String(entry.at)} ${String(entry.from)}→${String(entry.to)}${reason}`;
    })
    .join('; ');
}

/** The CSV text of `items` (lead items as stored), with a header line. */
export function leadsCsv(
  items: readonly Readonly<Record<string, unknown>>[],
  campaigns: FunnelCampaigns,
): string {
  const records = items.map((item) => {
    const record: Record<string, string> = {};
    for (const [key, value] of Object.entries(item)) {
      if (!KEY_ATTRIBUTES.has(key)) flatten(value, key, record);
    }
    const lead = funnelLeadOf(item, campaigns);
    record['funnel.campaign'] = lead.campaign;
    record['funnel.variant'] = lead.variant;
    const history = historyText(item.statusHistory);
    if (history !== undefined) record.status_history = history;
    return record;
  });
  const seen = new Set(records.flatMap((r) => Object.keys(r)));
  const columns = [
    ...LEADING,
    ...[...seen].filter((c) => !LEADING.includes(c)).sort((a, b) => a.localeCompare(b)),
  ];
  const lines = [
    columns.join(','),
    ...records.map((r) => columns.map((c) => csvField(r[c] ?? '')).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
