/**
 * Every prerendered page by name, with the files the build writes them to. The Vite plugin in
 * web/build/prerender.ts calls this; nothing here runs in the browser.
 */
import type { PageAssets, SiteFacts } from './facts';
import { renderNotFound, renderPrivacy, renderThankYou } from './info-pages';
import { renderLanding, type LandingPage } from './landing';

export type PageName = 'landing' | 'privacy' | 'thank-you' | 'not-found';

/** The HTML entry file (relative to web/) of each page; the build writes the same path. */
export const PAGE_FILES: Record<PageName, string> = {
  landing: 'index.html',
  privacy: 'privacy/index.html',
  'thank-you': 'thank-you/index.html',
  'not-found': '404.html',
};

/**
 * The public paths listed in sitemap.xml (the others are not meant to be found by search).
 * @public read by the build through the module it loads (web/build/prerender.ts)
 */
export const INDEXED_PATHS = ['/', '/privacy/'] as const;

/** Renders one page to a complete HTML document. */
export function renderPage(name: PageName, facts: SiteFacts, assets: PageAssets): string {
  switch (name) {
    case 'landing':
      return renderLanding(facts, assets);
    case 'privacy':
      return renderPrivacy(facts, assets);
    case 'thank-you':
      return renderThankYou(facts, assets);
    case 'not-found':
      return renderNotFound(facts, assets);
  }
}

/** Renders a campaign's variant: the landing page with that campaign's copy and settings. */
export function renderLandingPage(facts: SiteFacts, assets: PageAssets, page: LandingPage): string {
  return renderLanding(facts, assets, page);
}
