/**
 * Puts each built page's stylesheet into the page itself. The CSS is a few kilobytes compressed,
 * and a separate file costs a render-blocking round trip before the first paint; inline, it
 * arrives with the HTML. The CSP allows each `<style>` element by the hash of its exact text:
 * the plugin writes those hashes to the build artefact csp-hashes.json
 * (infra/site/csp-hashes.ts), which every server of the build reads to make its policy.
 *
 * The dev server keeps the `<link>`: Vite serves the source stylesheet, which 'self' allows.
 */
import type { Plugin } from 'vite';
import { CSP_HASHES_FILE, cspHash, cspHashesJson } from '../../infra/site/csp-hashes';

/** A page with its stylesheet inlined, and the exact text of the `<style>` element it got. */
export interface InlinedPage {
  readonly html: string;
  readonly styleText: string;
}

/** Raised when a page cannot have its stylesheet inlined as the build expects. */
class InlineStyleError extends Error {
  override readonly name = 'InlineStyleError';
}

const LINK_TAG = /<link\b[^>]*>/gi;

/** The `<link rel="stylesheet">` tags of a page, with their position and href. */
function stylesheetLinks(html: string): { tag: string; index: number; href: string }[] {
  return [...html.matchAll(LINK_TAG)]
    .filter(([tag]) => /\srel="?stylesheet"?[\s>]/i.test(tag))
    .map((match) => ({
      tag: match[0],
      index: match.index,
      href: /\shref="([^"]*)"/i.exec(match[0])?.[1] ?? '',
    }));
}

/** The href of the page's one stylesheet; a page must link exactly one. */
export function stylesheetHref(html: string): string {
  const links = stylesheetLinks(html);
  if (links.length !== 1 || links[0]?.href === '') {
    throw new InlineStyleError(
      `Expected exactly one <link rel="stylesheet" href="…">, found ${links.length}`,
    );
  }
  return links[0]?.href ?? '';
}

/**
 * Replaces the page's one `<link rel="stylesheet">` with a `<style>` element holding `css`,
 * verbatim. Refuses a page without exactly one stylesheet link, and CSS that would end the
 * element early.
 */
export function inlineStylesheet(html: string, css: string): InlinedPage {
  if (/<\/style/i.test(css)) {
    throw new InlineStyleError('The stylesheet contains "</style", which would end the element');
  }
  stylesheetHref(html);
  const [link] = stylesheetLinks(html);
  const start = link?.index ?? 0;
  const end = start + (link?.tag.length ?? 0);
  return { html: `${html.slice(0, start)}<style>${css}</style>${html.slice(end)}`, styleText: css };
}

/**
 * The build plugin. It runs after Vite has written the pages into the bundle (`enforce: 'post'`),
 * inlines the stylesheet each one links, drops the stylesheets no page links any more, and emits
 * the hash file.
 */
export function inlineStylesheets(): Plugin {
  return {
    name: 'backcare:inline-stylesheets',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const pages = Object.values(bundle).filter(
        (file) => file.type === 'asset' && file.fileName.endsWith('.html'),
      );
      if (pages.length === 0) this.error('No page in the build to inline the stylesheet into');
      const inlined = new Set<string>();
      const styleHashes = new Set<string>();
      for (const page of pages) {
        if (page.type !== 'asset') continue;
        const html = String(page.source);
        const fileName = stylesheetHref(html).replace(/^\//, '');
        const stylesheet = bundle[fileName];
        if (stylesheet?.type !== 'asset') {
          this.error(`${page.fileName} links ${fileName}, which is not in the build`);
        }
        const css =
          typeof stylesheet.source === 'string'
            ? stylesheet.source
            : new TextDecoder().decode(stylesheet.source);
        const result = inlineStylesheet(html, css);
        page.source = result.html;
        styleHashes.add(cspHash(result.styleText));
        inlined.add(fileName);
      }
      for (const fileName of inlined) delete bundle[fileName];
      this.emitFile({
        type: 'asset',
        fileName: CSP_HASHES_FILE,
        source: cspHashesJson(styleHashes),
      });
    },
  };
}
