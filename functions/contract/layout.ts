/**
 * The document every page shares: head, header with the phone number, main, footer. Used by
 * the prerendered pages and by the submit function's error page, so they look alike.
 */
import { brandMarkSvg } from './brand-mark';
import { formatPhone, telHref } from './clinic-format';
import { markup, raw, type SafeHtml } from './html';

/** The stylesheet at a path that never changes, for pages rendered outside the build. */
export const STABLE_STYLESHEET = '/styles/site.css';

/** The clinic's mark in the brand colour. Decorative, so hidden from assistive technology. */
const BRAND_MARK = raw(
  brandMarkSvg({
    size: 32,
    background: 'currentColor',
    foreground: '#fff',
    attributes: ' class="icon-leaf" aria-hidden="true" focusable="false"',
  }),
);

const PHONE_ICON = raw(
  '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1C10.6 21 3 13.4 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.2.2 2.4.6 3.6.1.3 0 .7-.2 1z"/></svg>',
);

/** A `tel:` link with the number as people read it. */
export function phoneLink(e164: string, className?: string): SafeHtml {
  return markup`<a href="${telHref(e164)}"${className ? markup` class="${className}"` : ''}>${formatPhone(e164)}</a>`;
}

export interface DocumentOptions {
  /** The whole `<title>`. */
  readonly title: string;
  readonly description?: string;
  /** Extra head markup: canonical URL, social cards, structured data, robots. */
  readonly head?: SafeHtml;
  /** Href of the stylesheet: the Vite source path for built pages, {@link STABLE_STYLESHEET} otherwise. */
  readonly stylesheet: string;
  /** Module scripts to load (deferred, never render-blocking). */
  readonly scripts?: readonly string[];
  readonly clinic: { readonly name: string; readonly phone: string };
  readonly main: SafeHtml;
  /** The footer's content; a short one with the clinic's name and phone by default. */
  readonly footer?: SafeHtml;
  /** Markup after the footer (the sticky action bar on small screens). */
  readonly afterFooter?: SafeHtml;
  /** Browser UI colour on phones. */
  readonly themeColor?: string;
  /**
   * The brand colour, to draw the favicon into the page itself (a `data:` URL): no request for
   * it. Chromium fetches a linked favicon when the page has loaded, which on these pages comes
   * before their first frame, so the request would be in flight while the page first paints.
   * Without it the page links /favicon.svg and /favicon.ico (the API's own pages).
   */
  readonly iconColour?: string;
}

/** The clinic's mark as the favicon, drawn in `colour`, as a `data:` URL. */
function faviconDataUrl(colour: string): string {
  const svg = brandMarkSvg({
    size: 32,
    background: colour,
    foreground: '#ffffff',
    shape: 'circle',
  });
  // Single quotes inside, and the characters a URL must not carry raw escaped (spaces may stay).
  return `data:image/svg+xml,${svg.replace(/"/g, "'").replace(/[<>#%]/g, encodeURIComponent)}`;
}

/** A complete HTML document. */
export function renderDocument(options: DocumentOptions): string {
  const { clinic } = options;
  const doc = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
${options.description !== undefined && markup`<meta name="description" content="${options.description}">`}
<link rel="stylesheet" href="${options.stylesheet}">
${(options.scripts ?? []).map((src) => markup`<script type="module" src="${src}"></script>`)}
${
  options.iconColour !== undefined
    ? markup`<link rel="icon" href="${faviconDataUrl(options.iconColour)}" type="image/svg+xml">`
    : markup`<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="icon" href="/favicon.ico" sizes="32x32">`
}
<link rel="apple-touch-icon" href="/apple-touch-icon.png">
${options.themeColor !== undefined && markup`<meta name="theme-color" content="${options.themeColor}">`}
${options.head}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="wrap header-inner">
<a class="brand" href="/">${BRAND_MARK}<span>${clinic.name}</span></a>
<a class="header-call" href="${telHref(clinic.phone)}">${PHONE_ICON}<span class="call-label">Call </span><span class="call-number">${formatPhone(clinic.phone)}</span></a>
</div>
</header>
<main id="main" tabindex="-1">
${options.main}
</main>
<footer class="site-footer">
<div class="wrap">
${options.footer ?? markup`<p class="footer-name">${clinic.name}</p><p>${phoneLink(clinic.phone)}</p><p><a href="/privacy/">Privacy notice</a></p>`}
</div>
</footer>
${options.afterFooter}
</body>
</html>
`;
  return doc.value;
}
