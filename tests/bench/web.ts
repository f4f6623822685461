/**
 * `npm run bench:web`: Lighthouse 12 with its default mobile settings (simulated slow 4G and a
 * 4× slower CPU) against the production build, served locally the way the CDN serves it (the
 * site's CloudFront Function in front, compressed, with the distribution's security headers).
 * Every campaign page and each of its variants (the variant chosen by its cookie, as for a
 * returning visitor) gets three runs, each in a fresh Chromium; it prints the medians against
 * the page's goals, and the compressed bytes of the first round trip (the HTML plus its
 * render-blocking CSS) measured from the build itself, then one table of every page.
 *
 * Each run of each page is followed by a run of a bare page (that page's headline and first
 * paragraph, no style, no script, no picture) served the same way, so the page's Largest
 * Contentful Paint is judged against the fastest a page can be on this machine in the same
 * minute, not against a fixed number a busy machine may miss. The machine's load average is
 * printed with each run: on a shared machine it explains most of the spread.
 *
 * A campaign set not to be listed by search engines says `noindex`, which Lighthouse's SEO
 * category counts as a failed "is-crawlable" audit: such a page's SEO score is printed as
 * Lighthouse gives it, marked, with the audits that failed named, never adjusted.
 *
 * `BENCH_BEACON=compare` measures the page (the landing page, or BENCH_PAGE's) against the same
 * build without its funnel beacon instead, in alternating runs, and counts the beacons sent.
 *
 * A benchmark, not a test: it prints figures and exits 0 whatever they are.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import lighthouse, { type Result } from 'lighthouse';
import { build, type Plugin } from 'vite';
import { FUNNEL_EVENTS_PATH } from '../../functions/contract/funnel-events';
import {
  VARIANT_COOKIE_PREFIX,
  variantFile,
  type CampaignTable,
} from '../../functions/contract/campaigns';
import { loadViewerFunction } from '../../infra/local/edge-runtime';
import { startStaticServer } from '../../infra/local/static-server';
import { siteSecurityHeaders } from '../../infra/site/security-headers';
import { readCampaignTable, viewerFunctionCode } from '../../infra/site/viewer-function-code';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../web/build/chromium';

/**
 * Five runs by default: a single Lighthouse run's simulated LCP moves by up to 20 % on this
 * machine (which requests happened to end before the first frame), so fewer runs let one odd
 * run set the median. BENCH_RUNS changes it for a quick look.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DIST = 'web/dist';
const KB = 1024;

/** Starts Chromium with a fresh profile and resolves with its DevTools port. */
async function launchChrome(): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'bench-chrome-'));
  const child: ChildProcess = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_ARGS,
      // Headless Chromium says automation drives it (navigator.webdriver), and the page then
      // sends no funnel beacon; without the flag it behaves as a visitor's browser does.
      '--disable-blink-features=AutomationControlled',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    // Its own process group, so stopping it also stops its helper processes.
    { stdio: 'ignore', detached: true },
  );
  const portFile = join(profile, 'DevToolsActivePort');
  // The file can exist before its port is written: wait for a port, not just for the file.
  const readPort = () =>
    existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').split('\n')[0]) || 0 : 0;
  for (let i = 0; i < 400 && readPort() === 0; i += 1) await sleep(50);
  const port = readPort();
  if (port === 0) throw new Error('Chromium did not report its DevTools port');
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        killGroup(child, 'SIGTERM');
        if ((await Promise.race([exited, sleep(10_000).then(() => 'late')])) === 'late') {
          killGroup(child, 'SIGKILL');
          await exited;
        }
      }
      // Chromium's helpers may still be flushing the profile for a moment after it exits; a
      // leftover temporary profile is not worth failing a benchmark for.
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch {
        console.warn(`Could not remove the temporary profile ${profile}`);
      }
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

interface RunFigures {
  readonly performance: number;
  readonly accessibility: number;
  readonly bestPractices: number;
  readonly seo: number;
  readonly fcp: number;
  readonly lcp: number;
  readonly tbt: number;
  readonly cls: number;
  readonly speedIndex: number;
  readonly totalBytes: number;
  readonly scriptBytes: number;
  /** Scored audits that did not pass, as "category: audit-id". */
  readonly failed: readonly string[];
  /** The machine's load average over the last minute, when the run ended. */
  readonly load: number;
}

function figures(lhr: Result): RunFigures {
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const summary = lhr.audits['resource-summary']?.details as
    { items?: Array<{ resourceType: string; transferSize: number }> } | undefined;
  const script = summary?.items?.find((item) => item.resourceType === 'script');
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    tbt: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    speedIndex: value('speed-index'),
    totalBytes: value('total-byte-weight'),
    scriptBytes: script?.transferSize ?? 0,
    // Pass-or-fail audits only: the performance metrics are printed as figures.
    failed: Object.entries(lhr.categories)
      .filter(([category]) => category !== 'performance')
      .flatMap(([category, { auditRefs }]) =>
        auditRefs
          .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => `${category}: ${ref.id}`),
      ),
    load: loadavg()[0] ?? Number.NaN,
  };
}

/** A page with nothing but the headline and first paragraph of the built page `file`. */
function writeBarePage(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const landing = readFileSync(join(DIST, file), 'utf8');
  const pick = (pattern: RegExp) => pattern.exec(landing)?.[1] ?? '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pick(/<title>([^<]*)<\/title>/)}</title>
<meta name="description" content="${pick(/<meta name="description" content="([^"]*)">/)}">
</head>
<body>
<main>
<h1>${pick(/<h1[^>]*>([\s\S]*?)<\/h1>/)}</h1>
<p>${pick(/<p class="lead">([\s\S]*?)<\/p>/)}</p>
</main>
</body>
</html>
`;
  writeFileSync(join(dir, 'index.html'), html);
  return dir;
}

/** Whether the built page asks search engines not to list it (its campaign's `index: false`). */
const isNoindex = (file: string) =>
  /<meta name="robots" content="[^"]*noindex/.test(readFileSync(join(DIST, file), 'utf8'));

/** One Lighthouse run in a fresh Chromium; undefined when Lighthouse reports the run broken. */
async function measure(
  url: string,
  attempt: number,
  extraHeaders: Record<string, string>,
): Promise<RunFigures | undefined> {
  const chrome = await launchChrome();
  try {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      },
      { extends: 'lighthouse:default', settings: { extraHeaders } },
    );
    if (result === undefined) throw new Error('Lighthouse returned no result');
    if (result.lhr.runtimeError !== undefined) {
      console.log(
        `attempt ${attempt}: Lighthouse error ${result.lhr.runtimeError.code}, run again`,
      );
      return undefined;
    }
    const run = figures(result.lhr);
    // BENCH_SAVE_DIR=<dir> keeps every Lighthouse report (the page's and its bare page's), to
    // see which element and which requests made a run's figures.
    const saveDir = process.env.BENCH_SAVE_DIR;
    if (saveDir !== undefined) {
      const name = `${new URL(url).pathname.replace(/\W+/g, '-')}${Date.now()}.json`;
      writeFileSync(join(saveDir, name), JSON.stringify(result.lhr));
    }
    return run;
  } finally {
    await chrome.stop();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Sizes of a page's HTML, its stylesheets and scripts as the CDN would send them. */
function buildSizes(file: string): { html: Sizes; css: Sizes; js: Sizes } {
  const html = readFileSync(join(DIST, file));
  const text = html.toString('utf8');
  const refs = (pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1] ?? '');
  const files = (paths: string[]) => paths.map((path) => readFileSync(join(DIST, path)));
  return {
    html: sizes([html]),
    css: sizes(files(refs(/<link rel="stylesheet"[^>]*href="([^"]+)"/g))),
    // The landing script is named by its inline loader's import(), other pages' by src.
    js: sizes(
      files([
        ...refs(/<script type="module"[^>]*src="([^"]+)"/g),
        ...refs(/<script type="module">[^<]*?import\("([^"]+)"\)/g),
      ]),
    ),
  };
}

interface Sizes {
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

function sizes(buffers: readonly Buffer[]): Sizes {
  const sum = (f: (b: Buffer) => number) => buffers.reduce((total, b) => total + f(b), 0);
  return {
    raw: sum((b) => b.byteLength),
    gzip: sum((b) => gzipSync(b, { level: 9 }).byteLength),
    brotli: sum(
      (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
    ),
  };
}

/**
 * The local server compresses each file on its first request, as a CDN does on a cache miss.
 * Lighthouse's simulation keeps the server time it observes, so ask for every file once first:
 * the runs then see what a patient sees from a warm edge cache.
 */
async function warmCache(origin: string, root: string, page: BenchPage): Promise<void> {
  const html = readFileSync(join(root, page.file), 'utf8');
  const paths = [
    page.path,
    ...[...html.matchAll(/(?:href|src)="(\/[^"]+)"|import\("(\/[^"]+)"\)/g)].map(
      (m) => m[1] ?? m[2] ?? '/',
    ),
  ];
  for (const path of paths) {
    for (const encoding of ['br', 'gzip']) {
      await (
        await fetch(`${origin}${path}`, {
          headers: { 'accept-encoding': encoding, ...page.headers },
        })
      ).arrayBuffer();
    }
  }
}

/** One page to measure: a campaign's variant, at the campaign's URL. */
interface BenchPage {
  readonly label: string;
  readonly path: string;
  readonly file: string;
  /** The variant's cookie, so the viewer function serves that variant as to a returning visitor. */
  readonly headers: Record<string, string>;
}

/** Every campaign and variant of the build. */
function benchPages(table: CampaignTable): BenchPage[] {
  return table.campaigns.flatMap((campaign) =>
    campaign.variants.map((variant): BenchPage => ({
      label: `${campaign.path} ${campaign.id} / ${variant.id}`,
      path: campaign.path,
      file: variantFile(campaign, variant.id).slice(1),
      headers: (campaign.variants.length > 1
        ? { cookie: `${VARIANT_COOKIE_PREFIX}${campaign.id}=${variant.id}` }
        : {}) as Record<string, string>,
    })),
  );
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const ms = (value: number) => `${Math.round(value)} ms`;
const s = (value: number) => `${(value / 1000).toFixed(2)} s`;

/**
 * Answers POST /api/events with 204, as the events function answers a bot; 404 otherwise.
 * Counts the beacons it was sent.
 */
async function startEventsStandIn(): Promise<{
  url: string;
  beacons: () => number;
  stop: () => Promise<void>;
}> {
  let beacons = 0;
  const server = createServer((req, res) => {
    req.resume();
    const isBeacon = req.method === 'POST' && req.url === FUNNEL_EVENTS_PATH;
    if (isBeacon) beacons += 1;
    res.writeHead(isBeacon ? 204 : 404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    beacons: () => beacons,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

function row(name: string, value: string, goal: string, met: boolean | undefined): string {
  const mark = met === undefined ? '' : met ? 'ok' : 'MISSED';
  return `  ${name.padEnd(34)} ${value.padStart(12)}   ${goal.padEnd(12)} ${mark}`;
}

/** A page's runs, and those of its bare page, measured right after each. */
interface PageRuns {
  readonly runs: readonly RunFigures[];
  readonly bareRuns: readonly RunFigures[];
}

/** Lighthouse runs on one page, each followed by a run of its bare page. */
async function measurePage(origin: string, page: BenchPage, bareOrigin: string): Promise<PageRuns> {
  await warmCache(origin, DIST, page);
  const runs: RunFigures[] = [];
  const bareRuns: RunFigures[] = [];
  // A run Lighthouse itself reports as broken (a protocol time-out on a busy machine, say)
  // is reported and run again, up to a few times, rather than counted as a score of 0. The
  // bare page is measured right after each run of the page, so both see the same load.
  for (let attempt = 1; runs.length < RUNS && attempt <= RUNS + 3; attempt += 1) {
    const run = await measure(`${origin}${page.path}`, attempt, page.headers);
    if (run === undefined) continue;
    const bareRun = await measure(`${bareOrigin}/`, attempt, {});
    if (bareRun === undefined) continue;
    bareRuns.push(bareRun);
    runs.push(run);
    const failed = run.failed.length > 0 ? `; failed: ${run.failed.join(', ')}` : '';
    console.log(
      `${page.label} run ${runs.length} (load ${run.load.toFixed(1)}): perf ${run.performance}, a11y ${run.accessibility}, best ${run.bestPractices}, seo ${run.seo}, FCP ${ms(run.fcp)}, LCP ${ms(run.lcp)} (bare page ${ms(bareRun.lcp)}), TBT ${ms(run.tbt)}, CLS ${run.cls.toFixed(3)}, ${kb(run.totalBytes)}${failed}`,
    );
  }
  if (runs.length === 0) throw new Error(`Every Lighthouse run failed on ${page.label}`);
  return { runs, bareRuns };
}

/** Medians of one page's runs, as the summary table and the detailed report show them. */
interface PageMedians {
  readonly m: (key: NumericFigure) => number;
  readonly bareLcp: number;
  readonly lcpRatio: number;
  readonly noindex: boolean;
  /** Audits that failed in at least half the runs. */
  readonly failed: readonly string[];
}

type NumericFigure = Exclude<keyof RunFigures, 'failed'>;

function medians(page: BenchPage, { runs, bareRuns }: PageRuns): PageMedians {
  const m = (key: NumericFigure) => median(runs.map((run) => run[key]));
  const bareLcp = median(bareRuns.map((run) => run.lcp));
  const counts = new Map<string, number>();
  for (const id of runs.flatMap((run) => run.failed)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return {
    m,
    bareLcp,
    // Each run against the bare page's run made right after it (same machine load), then the
    // median of those ratios.
    lcpRatio: median(runs.map((run, i) => run.lcp / (bareRuns[i]?.lcp ?? Number.NaN))),
    noindex: isNoindex(page.file),
    failed: [...counts].filter(([, n]) => n * 2 >= runs.length).map(([id]) => id),
  };
}

/** The SEO score as Lighthouse gives it, marked when the page is `noindex` by its setting. */
const seoCell = (seo: number, noindex: boolean) => (noindex ? `${seo}*` : String(seo));

function report(page: BenchPage, pageRuns: PageRuns): void {
  const { m, bareLcp, lcpRatio, noindex, failed } = medians(page, pageRuns);
  const { runs } = pageRuns;
  const build_ = buildSizes(page.file);
  const firstTripGzip = build_.html.gzip + build_.css.gzip;
  const firstTripBrotli = build_.html.brotli + build_.css.brotli;
  const loads = runs.map((run) => run.load);

  console.log(
    `\n${page.label} (${page.file}), Lighthouse ${runs.length} runs, default mobile settings, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}: medians\n`,
  );
  console.log(`  ${'figure'.padEnd(34)} ${'median'.padStart(12)}   ${'goal'.padEnd(12)}`);
  console.log(row('Performance', String(m('performance')), '100', m('performance') >= 100));
  console.log(row('Accessibility', String(m('accessibility')), '100', m('accessibility') >= 100));
  console.log(row('Best practices', String(m('bestPractices')), '100', m('bestPractices') >= 100));
  if (noindex) {
    const otherSeo = failed.filter((id) => id.startsWith('seo: ') && id !== 'seo: is-crawlable');
    console.log(row('SEO (noindex by its setting)', seoCell(m('seo'), true), '100', false));
    console.log(
      `    * is-crawlable fails because the page says noindex, as its campaign asks; other SEO audits failed: ${otherSeo.length === 0 ? 'none' : otherSeo.join(', ')}`,
    );
  } else {
    console.log(row('SEO', String(m('seo')), '100', m('seo') >= 100));
  }
  console.log(row('First Contentful Paint', s(m('fcp')), '≤ 0.90 s', m('fcp') <= 900));
  console.log(row('Largest Contentful Paint', s(m('lcp')), '≤ 1.00 s', m('lcp') <= 1000));
  console.log(row('  its bare page, same runs', s(bareLcp), '', undefined));
  console.log(
    row(
      '  page ÷ bare page, median of runs',
      `${lcpRatio.toFixed(3)}×`,
      '≤ 1.15×',
      lcpRatio <= 1.15,
    ),
  );
  console.log(row('Total Blocking Time', ms(m('tbt')), '≤ 50 ms', m('tbt') <= 50));
  console.log(row('Cumulative Layout Shift', m('cls').toFixed(3), '0', m('cls') === 0));
  console.log(row('Speed Index', s(m('speedIndex')), '', undefined));
  console.log(
    row(
      'Total bytes, first view (transfer)',
      kb(m('totalBytes')),
      '≤ 150 KB',
      m('totalBytes') <= 150 * KB,
    ),
  );
  console.log(
    row('Script bytes (transfer)', kb(m('scriptBytes')), '≤ 10 KB', m('scriptBytes') <= 10 * KB),
  );
  console.log(
    row('HTML + render-blocking CSS, gzip', kb(firstTripGzip), '≤ 14 KB', firstTripGzip <= 14 * KB),
  );
  console.log(
    row(
      'HTML + render-blocking CSS, brotli',
      kb(firstTripBrotli),
      '≤ 14 KB',
      firstTripBrotli <= 14 * KB,
    ),
  );
  if (failed.length > 0) console.log(`  Audits failed in most runs: ${failed.join(', ')}`);
  console.log(`
  From the build (gzip / brotli): HTML ${kb(build_.html.gzip)} / ${kb(build_.html.brotli)}, CSS ${kb(build_.css.gzip)} / ${kb(build_.css.brotli)}, script ${kb(build_.js.gzip)} / ${kb(build_.js.brotli)} (raw ${kb(build_.html.raw)}, ${kb(build_.css.raw)}, ${kb(build_.js.raw)}).`);
}

/** One line per page: the figures the goals are stated in, medians of the page's runs. */
function summary(results: readonly [BenchPage, PageRuns][]): void {
  const header = [
    'page'.padEnd(42),
    'Perf/A11y/Best/SEO'.padEnd(19),
    'FCP'.padStart(6),
    'LCP'.padStart(6),
    'bare'.padStart(6),
    'ratio'.padStart(6),
    'TBT'.padStart(7),
    'CLS'.padStart(6),
    'bytes'.padStart(8),
    'script'.padStart(7),
  ].join(' ');
  console.log(`\nEvery page, medians of ${RUNS} runs each:\n\n  ${header}`);
  let anyNoindex = false;
  for (const [page, pageRuns] of results) {
    const { m, bareLcp, lcpRatio, noindex } = medians(page, pageRuns);
    anyNoindex ||= noindex;
    const scores = `${m('performance')}/${m('accessibility')}/${m('bestPractices')}/${seoCell(m('seo'), noindex)}`;
    console.log(
      `  ${[
        page.label.padEnd(42),
        scores.padEnd(19),
        s(m('fcp')).padStart(6),
        s(m('lcp')).padStart(6),
        s(bareLcp).padStart(6),
        `${lcpRatio.toFixed(2)}×`.padStart(6),
        ms(m('tbt')).padStart(7),
        m('cls').toFixed(3).padStart(6),
        kb(m('totalBytes')).padStart(8),
        kb(m('scriptBytes')).padStart(7),
      ].join(' ')}`,
    );
  }
  if (anyNoindex) {
    console.log(
      "\n  * noindex by its campaign's setting (index: false): Lighthouse counts that as not crawlable, the SEO score as it gives it.",
    );
  }
  const loads = results.flatMap(([, { runs, bareRuns }]) =>
    [...runs, ...bareRuns].map((r) => r.load),
  );
  console.log(
    `  Machine: ${cpus().length} cores, load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the runs, median ${median(loads).toFixed(1)}.`,
  );
}

/** Builds the site as it is, but with the funnel beacon's module replaced by one that does nothing. */
const withoutBeacon = (): Plugin => ({
  name: 'bench-without-beacon',
  enforce: 'pre',
  load: (id) =>
    id.endsWith('/web/src/enhance/beacon.ts') ? 'export function startFunnelBeacons() {}' : null,
});

/**
 * `BENCH_BEACON=compare`: the page with its funnel beacon against the same build without it,
 * run after run in the same minutes (the order alternating), with the beacons the stand-in API
 * received on each side.
 */
async function compareBeacon(
  origin: string,
  page: BenchPage,
  eventsApi: { url: string; beacons: () => number },
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-no-beacon-'));
  await build({
    configFile: 'web/vite.config.ts',
    logLevel: 'warn',
    plugins: [withoutBeacon()],
    build: { outDir: dir, emptyOutDir: true },
  });
  const plain = await startStaticServer({
    root: dir,
    port: 0,
    headers: siteSecurityHeaders(dir),
    viewerFunction: loadViewerFunction(viewerFunctionCode(readCampaignTable(dir))),
    apiUrl: eventsApi.url,
  });
  const sides = { with: [] as RunFigures[], without: [] as RunFigures[] };
  const beacons = { with: 0, without: 0 };
  try {
    await warmCache(origin, DIST, page);
    await warmCache(plain.url, dir, page);
    for (let attempt = 1; sides.with.length < RUNS && attempt <= RUNS + 3; attempt += 1) {
      const order =
        attempt % 2 === 1 ? (['with', 'without'] as const) : (['without', 'with'] as const);
      const pair: Partial<Record<'with' | 'without', RunFigures>> = {};
      const sent: Record<'with' | 'without', number> = { with: 0, without: 0 };
      for (const side of order) {
        const before = eventsApi.beacons();
        const run = await measure(
          `${side === 'with' ? origin : plain.url}${page.path}`,
          attempt,
          page.headers,
        );
        if (run === undefined) break;
        pair[side] = run;
        sent[side] = eventsApi.beacons() - before;
      }
      if (pair.with === undefined || pair.without === undefined) continue;
      for (const side of order) {
        sides[side].push(pair[side]!);
        beacons[side] += sent[side];
      }
      console.log(
        `${page.label} pair ${sides.with.length}: FCP ${ms(pair.with.fcp)} / ${ms(pair.without.fcp)}, LCP ${ms(pair.with.lcp)} / ${ms(pair.without.lcp)}, TBT ${ms(pair.with.tbt)} / ${ms(pair.without.tbt)} (with / without the beacon)`,
      );
    }
  } finally {
    await plain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (sides.with.length === 0) throw new Error(`Every Lighthouse run failed on ${page.label}`);
  const m = (side: 'with' | 'without', key: NumericFigure) =>
    median(sides[side].map((run) => run[key]));
  const line = (name: string, key: NumericFigure, show: (v: number) => string) => {
    const a = m('with', key);
    const b = m('without', key);
    const sign = a - b >= 0 ? '+' : '−';
    return `  ${name.padEnd(28)} ${show(a).padStart(10)} ${show(b).padStart(10)} ${`${sign}${show(Math.abs(a - b))}`.padStart(11)}`;
  };
  const score = (v: number) => String(Math.round(v));
  console.log(
    `\n${page.label}: with and without the funnel beacon, ${sides.with.length} runs each, medians\n`,
  );
  console.log(
    `  ${'figure'.padEnd(28)} ${'with'.padStart(10)} ${'without'.padStart(10)} ${'difference'.padStart(11)}`,
  );
  console.log(line('Performance', 'performance', score));
  console.log(line('Accessibility', 'accessibility', score));
  console.log(line('Best practices', 'bestPractices', score));
  console.log(line('SEO', 'seo', score));
  console.log(line('First Contentful Paint', 'fcp', s));
  console.log(line('Largest Contentful Paint', 'lcp', s));
  console.log(line('Total Blocking Time', 'tbt', ms));
  console.log(line('Cumulative Layout Shift', 'cls', (v) => v.toFixed(3)));
  console.log(line('Speed Index', 'speedIndex', s));
  console.log(line('Total bytes (transfer)', 'totalBytes', kb));
  console.log(line('Script bytes (transfer)', 'scriptBytes', kb));
  console.log(
    `\n  Beacons the API received: ${beacons.with} in the runs with it, ${beacons.without} in the runs without.`,
  );
}

async function main(): Promise<void> {
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
  // BENCH_NO_BUILD=1 measures web/dist as it is (to try a change to the built files).
  if (process.env.BENCH_NO_BUILD !== '1') {
    await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
  }
  const table = readCampaignTable(DIST);
  // The page's funnel beacon goes to /api/events. The deployed API answers Lighthouse (its user
  // agent names it) with 204 and counts nothing; this stand-in answers the same, so the run
  // measures the page as visitors get it rather than a 404 in the console.
  const eventsApi = await startEventsStandIn();
  // The headers CloudFront sends with this build (its CSP allows the build's inline styles and
  // script loader), and its CloudFront Function in front.
  const headers = siteSecurityHeaders(DIST);
  const site = await startStaticServer({
    root: DIST,
    port: 0,
    headers,
    viewerFunction: loadViewerFunction(viewerFunctionCode(table)),
    apiUrl: eventsApi.url,
  });
  const results: [BenchPage, PageRuns][] = [];
  console.log(`Load average (1 min) at the start: ${(loadavg()[0] ?? 0).toFixed(1)}`);
  try {
    // BENCH_PAGE=/sciatica/ measures one campaign's pages only.
    const only = process.env.BENCH_PAGE;
    const pages = benchPages(table).filter((p) => only === undefined || p.path === only);
    if (process.env.BENCH_BEACON === 'compare') {
      // The first variant of the chosen campaign (the landing page unless BENCH_PAGE says).
      if (pages[0] === undefined) throw new Error(`No page at ${only ?? '/'}`);
      await compareBeacon(site.url, pages[0], eventsApi);
      return;
    }
    for (const page of pages) {
      // The page's bare page, served the same way, that its Largest Contentful Paint is judged
      // against.
      const bareDir = writeBarePage(page.file);
      const bare = await startStaticServer({ root: bareDir, port: 0, headers });
      try {
        await warmCache(bare.url, bareDir, {
          label: 'bare page',
          path: '/',
          file: 'index.html',
          headers: {},
        });
        results.push([page, await measurePage(site.url, page, bare.url)]);
      } finally {
        await bare.stop();
        rmSync(bareDir, { recursive: true, force: true });
      }
    }
  } finally {
    await site.stop();
    await eventsApi.stop();
  }
  for (const [page, runs] of results) report(page, runs);
  summary(results);
  console.log(
    '\n  Transfer sizes include response headers (the security headers are about 1 KB per response).',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
