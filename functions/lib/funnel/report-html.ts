/**
 * The funnel report as one self-contained HTML page a marketer can open or forward: inline
 * styles, inline SVG charts, no script, no font, nothing fetched from anywhere. Every chart has
 * a text title and description, and the same figures are in the tables below it.
 */
import { escapeHtml as esc } from '../../contract/html';
import { CONTACT_BUCKETS, type FunnelReport, type VariantRow } from './report';
import { comparisonLine, duration, percent, previewNote, rateWithInterval } from './report-text';

const INK = '#1d2b36';
const BARS = ['#1f5f8b', '#2f7f6f', '#7a4f9a', '#9a5b1f', '#3d3d3d'];

const label = (row: VariantRow) =>
  `${row.campaign} · ${row.variant}${row.control ? ' (control)' : ''}`;

function funnelChart(report: FunnelReport, id: string): string {
  const steps: [string, (r: VariantRow) => number][] = [
    ['Sessions', (r) => r.sessions],
    ['Form starts', (r) => r.formStarts],
    ['Requests', (r) => r.requests],
    ['Reached', (r) => r.reached],
    ['Booked', (r) => r.booked],
  ];
  const rowHeight = 16;
  const groupHeight = steps.length * rowHeight + 34;
  const width = 640;
  const barLeft = 110;
  const barWidth = width - barLeft - 60;
  const height = report.rows.length * groupHeight + 10;
  const parts = report.rows.map((row, g) => {
    const top = g * groupHeight + 20;
    const max = Math.max(1, ...steps.map(([, value]) => value(row)));
    const bars = steps.map(([name, value], i) => {
      const y = top + 8 + i * rowHeight;
      const w = (value(row) / max) * barWidth;
      return `<text x="${barLeft - 6}" y="${y + 11}" text-anchor="end">${name}</text><rect x="${barLeft}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 4}" fill="${BARS[i]}"/><text x="${(barLeft + w + 4).toFixed(1)}" y="${y + 11}">${value(row)}</text>`;
    });
    return `<text x="0" y="${top}" font-weight="bold">${esc(label(row))}</text>${bars.join('')}`;
  });
  return svg(
    id,
    'The funnel per campaign and variant',
    'Bars for sessions, form starts, requests, patients reached and patients booked, scaled to each variant’s sessions. The figures are in the table below.',
    width,
    height,
    parts.join(''),
  );
}

function conversionChart(report: FunnelReport, id: string): string {
  const rows = report.rows.filter((r) => r.conversion.interval !== undefined);
  const width = 640;
  const left = 230;
  const plot = width - left - 30;
  const rowHeight = 28;
  const height = rows.length * rowHeight + 40;
  const max = Math.max(0.01, ...rows.map((r) => r.conversion.interval!.high));
  const x = (rate: number) => left + (rate / max) * plot;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const axis = ticks
    .map(
      (t) =>
        `<line x1="${x(t).toFixed(1)}" y1="10" x2="${x(t).toFixed(1)}" y2="${height - 24}" stroke="#c9d1d8"/><text x="${x(t).toFixed(1)}" y="${height - 8}" text-anchor="middle">${percent(t)}</text>`,
    )
    .join('');
  const marks = rows
    .map((row, i) => {
      const y = 24 + i * rowHeight;
      const { low, high } = row.conversion.interval!;
      return `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(label(row))}</text><line x1="${x(low).toFixed(1)}" y1="${y}" x2="${x(high).toFixed(1)}" y2="${y}" stroke="${INK}" stroke-width="2"/><line x1="${x(low).toFixed(1)}" y1="${y - 5}" x2="${x(low).toFixed(1)}" y2="${y + 5}" stroke="${INK}" stroke-width="2"/><line x1="${x(high).toFixed(1)}" y1="${y - 5}" x2="${x(high).toFixed(1)}" y2="${y + 5}" stroke="${INK}" stroke-width="2"/><circle cx="${x(row.conversion.rate!).toFixed(1)}" cy="${y}" r="5" fill="${BARS[0]}"/>`;
    })
    .join('');
  return svg(
    id,
    'Conversion per variant, with its 95 % interval',
    'For each campaign and variant, a dot at the share of sessions that sent a request and a line across its 95 % Wilson interval. Overlapping lines mean the data cannot yet tell the variants apart.',
    width,
    height,
    axis + marks,
  );
}

function contactChart(report: FunnelReport, id: string): string {
  const totals = CONTACT_BUCKETS.map((_, i) =>
    report.rows.reduce((sum, row) => sum + (row.timeToFirstContact.buckets[i] ?? 0), 0),
  );
  const width = 640;
  const height = 220;
  const plotTop = 20;
  const plotHeight = 150;
  const slot = (width - 40) / totals.length;
  const max = Math.max(1, ...totals);
  const bars = totals
    .map((count, i) => {
      const h = (count / max) * plotHeight;
      const xLeft = 20 + i * slot + slot * 0.15;
      const y = plotTop + plotHeight - h;
      return `<rect x="${xLeft.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${BARS[1]}"/><text x="${(xLeft + slot * 0.35).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${count}</text><text x="${(xLeft + slot * 0.35).toFixed(1)}" y="${plotTop + plotHeight + 18}" text-anchor="middle">${CONTACT_BUCKETS[i]!.label}</text>`;
    })
    .join('');
  return svg(
    id,
    'Time from request to first contact',
    'How many patients the clinic first reached within each span of time after their request, all campaigns together.',
    width,
    height,
    bars,
  );
}

function svg(
  id: string,
  title: string,
  description: string,
  width: number,
  height: number,
  body: string,
): string {
  return `<figure><svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" font-family="system-ui, sans-serif" font-size="12" fill="${INK}"><title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(description)}</desc>${body}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

function rowsTable(report: FunnelReport): string {
  const head = [
    'Campaign',
    'Variant',
    'Sessions',
    'Form starts',
    'Callback requests',
    'Questions',
    'Conversion (95 % interval)',
    'Reached',
    'Booked',
    'Booking rate',
    'Median time to first contact',
    '90th percentile',
  ];
  const body = report.rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.campaign)}</th><td>${esc(r.variant)}${r.control ? ' (control)' : ''}</td><td>${r.sessions}</td><td>${r.formStarts}</td><td>${r.callbackRequests}</td><td>${r.contactRequests}</td><td>${esc(rateWithInterval(r.conversion))}</td><td>${r.reached}</td><td>${r.booked}</td><td>${esc(percent(r.bookingRate.rate))}</td><td>${esc(duration(r.timeToFirstContact.medianMinutes))}</td><td>${esc(duration(r.timeToFirstContact.p90Minutes))}</td></tr>`,
    )
    .join('');
  return `<div class="scroll" tabindex="0" role="region" aria-label="Figures per campaign and variant"><table><caption>Figures per campaign and variant</caption><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The whole page. */
export function reportHtml(report: FunnelReport, clinicName: string): string {
  const { from, to, timeZone } = report.period;
  const verdicts =
    report.comparisons.length === 0
      ? '<p>No campaign runs more than one variant in this period.</p>'
      : `<ul>${report.comparisons.map((c) => `<li>${esc(comparisonLine(c))}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Funnel report ${esc(from)} to ${esc(to)} · ${esc(clinicName)}</title>
<style>
body{font-family:system-ui,sans-serif;color:${INK};margin:0 auto;max-width:960px;padding:1rem;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;font-size:.9rem}th,td{border-bottom:1px solid #c9d1d8;padding:.3rem .5rem;text-align:right}
th[scope=row],td:nth-child(2){text-align:left}thead th{text-align:left;vertical-align:bottom}
caption{text-align:left;font-weight:bold;padding:.3rem 0}.scroll{overflow-x:auto}
figure{margin:1rem 0}figcaption{font-size:.9rem}.note{font-size:.9rem}
</style>
</head>
<body>
<main>
<h1>Funnel report: ${esc(clinicName)}</h1>
<p>From ${esc(from)} to ${esc(to)}, days in ${esc(timeZone)}. Made ${esc(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC.</p>
<p>${report.totals.sessions} sessions, ${report.totals.formStarts} form starts, ${report.totals.requests} requests, ${report.totals.reached} patients reached, ${report.totals.booked} booked.</p>${report.totals.previewRequests > 0 ? `\n<p>${esc(previewNote(report.totals.previewRequests))}</p>` : ''}
<h2>Verdicts</h2>
${verdicts}
<h2>Funnel</h2>
${funnelChart(report, 'funnel')}
<h2>Conversion per variant</h2>
${conversionChart(report, 'conversion')}
<h2>Time to first contact</h2>
${contactChart(report, 'contact')}
<h2>Figures</h2>
${rowsTable(report)}
<p class="note">Sessions are tab sessions counted by the page itself (one per tab and campaign); visitors whose browser blocks scripts or storage are not counted, and neither are crawlers. Conversion is requests per session, with a 95 % Wilson interval. Verdicts compare each variant with its campaign’s control (Newcombe interval of the difference; probability from Beta posteriors with a uniform prior). Times to first contact are nearest-rank medians and 90th percentiles.</p>
</main>
</body>
</html>
`;
}
