/**
 * A production stage never publishes the demo: the fictional clinic's name, its 555 phone
 * number, example.com addresses, or the sample people, photos, reviews and prices the demo
 * site ships with. Checked at synth (and so before every deploy), after the configuration is
 * valid and before anything is built, with one message that lists everything to replace.
 *
 * The configuration is checked directly. The site is checked as built: every element the page
 * renders from sample content carries `data-sample="<where it comes from>"`
 * (web/src/render/clinic-sections.ts), so what is refused is exactly what would be uploaded.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type AppConfig } from './config';

/** Stages that serve patients. Others (dev, a staging rehearsal) may show the demo. */
const PRODUCTION_STAGES: readonly string[] = ['prod', 'production'];

/** The demo clinic's name, as cdk.json ships it. */
const DEMO_CLINIC_NAME = 'Willow Lane Acupuncture';

/** Raised by a production synth with sample content left in; the message lists it all. */
export class SampleContentError extends ConfigError {}

/** Domains reserved for examples and tests (RFC 2606, RFC 6761): no one reads mail there. */
const EXAMPLE_DOMAIN = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

/** North American 555 numbers are fictional (555-0100 to 555-0199 are set aside for films). */
const FICTIONAL_PHONE = /^\+1\d{3}555\d{4}$/;

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** What in the configuration is still the demo's, one line each. */
export function sampleSettings(config: AppConfig): string[] {
  const found: string[] = [];
  if (config.clinic.name.trim().toLowerCase() === DEMO_CLINIC_NAME.toLowerCase()) {
    found.push(
      `clinic.name is the demo clinic's name "${config.clinic.name}": set your clinic's name`,
    );
  }
  if (FICTIONAL_PHONE.test(config.clinic.phone)) {
    found.push(
      `clinic.phone ${config.clinic.phone} is a fictional 555 number: set the number patients call`,
    );
  }
  const emails: [string, string][] = [
    ['clinic.publicEmail', config.clinic.publicEmail],
    ...config.leads.recipients.map((e, i): [string, string] => [`leads.recipients[${i}]`, e]),
    ['leads.sender.email', config.leads.sender.email],
    ['deployment.opsEmail', config.deployment.opsEmail],
  ];
  for (const [setting, address] of emails) {
    if (EXAMPLE_DOMAIN.test(domainOf(address))) {
      found.push(`${setting} ${address} is an example address no one reads: set a real one`);
    }
  }
  const host = new URL(config.site.siteUrl).hostname;
  if (EXAMPLE_DOMAIN.test(host)) {
    found.push(
      `site.siteUrl ${config.site.siteUrl} is an example address: set your site's address`,
    );
  }
  return found;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The sample content the built site in `siteDir` shows, one line each, without repeats. */
export function sampleContentInSite(siteDir: string): string[] {
  if (!existsSync(siteDir)) return [];
  const found = new Set<string>();
  for (const file of htmlFiles(siteDir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\sdata-sample="([^"]*)"/g)) {
      found.add(decode(match[1] ?? ''));
    }
  }
  return [...found];
}

/**
 * Refuses a production stage that would publish sample content, listing every item to replace
 * (the configuration in cdk.json, the page's content in web/content/clinic.ts).
 */
export function refuseSampleContent(config: AppConfig, siteDir: string): void {
  if (!PRODUCTION_STAGES.includes(config.stage)) return;
  const settings = sampleSettings(config);
  const content = sampleContentInSite(siteDir);
  if (settings.length + content.length === 0) return;
  const section = (title: string, lines: readonly string[]) =>
    lines.length === 0 ? '' : `\n${title}\n${lines.map((line) => `  - ${line}`).join('\n')}`;
  throw new SampleContentError(
    `Stage "${config.stage}" would publish the demo clinic's sample content. Replace it, rebuild (npm run build) and deploy again:` +
      section('In cdk.json (context):', settings) +
      section(
        'On the page (web/content/clinic.ts: put in your own and delete each `sample: true`):',
        content,
      ),
  );
}
