/**
 * The Vite plugin that makes the site static: every HTML entry is replaced by the page rendered
 * from the content files and the clinic facts in cdk.json, so the words are in the HTML and no
 * script builds the page. It also writes the files that depend on the configuration
 * (robots.txt, sitemap.xml, the web manifest, the link-preview image drawn from the headline),
 * the theme colours into the stylesheet, and a copy
 * of the stylesheet at a stable path for pages rendered by the submit function. The built pages
 * carry the stylesheet inline instead (build/inline-style.ts, which runs after Vite has written
 * the pages).
 *
 * In the dev server the same renderers run on every request through Vite's module loader, so
 * saving a content file (web/content/, functions/contract/) or cdk.json reloads the page with
 * the change.
 */
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ViteDevServer } from 'vite';
import type { CampaignTable } from '../../functions/contract/campaigns';
import { CDK_JSON_PATH, loadConfig } from '../../infra/config/load-config';
import { CAMPAIGN_TABLE_FILE } from '../../infra/site/viewer-function-code';
import * as campaignsModule from '../content/campaigns';
import * as contentModule from '../content/site';
import * as campaignBuildModule from './campaigns';
import type { BuiltCampaigns } from './campaigns';
import type { Theme } from '../content/types';
import { IMAGES } from './images';
import { renderShareImage, type ShareImageText } from './share-image';
import type { PageAssets, SiteFacts } from '../src/render/facts';
import { STABLE_STYLESHEET } from '../../functions/contract/layout';
import { SHARE_IMAGE, siteHref } from '../src/render/seo';
import * as pagesModule from '../src/render/site-pages';

type Pages = typeof pagesModule;
type Content = typeof contentModule;
type CampaignBuild = typeof campaignBuildModule;
type Campaigns = typeof campaignsModule;

/** Source paths as the HTML references them; Vite swaps in the hashed build files. */
export const PAGE_ASSETS: PageAssets = {
  stylesheet: '/src/styles/site.css',
  landingScript: '/src/main.ts',
  thankYouScript: '/src/thank-you.ts',
  picture: IMAGES.resolve,
};

const STYLESHEET_SOURCE = 'src/styles/site.css';
/** The form's renderer and its words, shared with the submit function: outside Vite's root. */
const CONTRACT_DIR = fileURLToPath(new URL('../../functions/contract/', import.meta.url));

/** The entry of a campaign page with no file of its own; the page replaces it as it is built. */
const VIRTUAL_STUB = '<!doctype html>\n<html lang="en"><head></head><body></body></html>\n';

/** The clinic facts the pages print, from the one configuration. */
export function siteFacts(): SiteFacts {
  const config = loadConfig();
  return {
    clinic: config.clinic,
    siteUrl: config.site.siteUrl,
    retentionDays: config.leads.retentionDays,
  };
}

/** The theme as CSS custom properties, prepended to the stylesheet. */
function themeCss(theme: Theme): string {
  const vars = Object.entries(theme)
    .map(([key, value]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${value}`)
    .join(';');
  return `:root{${vars}}\n`;
}

/** The words on the link-preview image: the headline, and who and where the clinic is. */
function shareText(facts: SiteFacts, content: Content): ShareImageText {
  const { name, address } = facts.clinic;
  return {
    headline: content.LANDING.hero.headline,
    footer: `${name} · ${address.locality}, ${address.region}`,
  };
}

/** Files whose content comes from the configuration, by output path. */
export function generatedFiles(
  facts: SiteFacts,
  pages: Pages,
  campaigns: BuiltCampaigns,
): Record<string, string> {
  // The indexed campaign pages (the main page among them), then the other indexed pages.
  const indexed = [
    ...campaigns.pages.filter((c) => c.control && c.page.index).map((c) => c.page.path),
    ...pages.INDEXED_PATHS.filter((path) => path !== '/'),
  ];
  const sitemap = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${indexed.map((path) => `  <url><loc>${siteHref(facts, path)}</loc></url>`).join('\n')}
</urlset>
`;
  const robots = `User-agent: *
Allow: /
Disallow: /api/
Disallow: /thank-you/

Sitemap: ${siteHref(facts, '/sitemap.xml')}
`;
  return {
    'sitemap.xml': sitemap,
    'robots.txt': robots,
  };
}

const CONTENT_TYPES: Record<string, string> = {
  'sitemap.xml': 'application/xml; charset=utf-8',
  'robots.txt': 'text/plain; charset=utf-8',
};

/** The prerendering plugin; see the file comment. */
export function prerender(): Plugin {
  let server: ViteDevServer | undefined;
  let root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

  interface Loaded {
    pages: Pages;
    content: Content;
    campaigns: BuiltCampaigns;
  }
  // In the dev server, load the renderers through Vite so edits show without a restart.
  const load = async (): Promise<Loaded> => {
    if (server === undefined) {
      return {
        pages: pagesModule,
        content: contentModule,
        campaigns: campaignBuildModule.buildCampaigns(
          campaignsModule.CAMPAIGNS,
          contentModule.LANDING,
          join(root, 'public'),
        ),
      };
    }
    const [pages, content, build, settings] = await Promise.all([
      server.ssrLoadModule('/src/render/site-pages.ts') as Promise<Pages>,
      server.ssrLoadModule('/content/site.ts') as Promise<Content>,
      server.ssrLoadModule('/build/campaigns.ts') as Promise<CampaignBuild>,
      server.ssrLoadModule('/content/campaigns.ts') as Promise<Campaigns>,
    ]);
    const campaigns = build.buildCampaigns(
      settings.CAMPAIGNS,
      content.LANDING,
      join(root, 'public'),
    );
    return { pages, content, campaigns };
  };

  /** The page a built HTML file holds: a campaign's variant, or one of the other pages. */
  const render = async (file: string): Promise<string> => {
    const { pages, campaigns } = await load();
    const campaign = campaigns.pages.find((c) => c.file === file);
    if (campaign !== undefined) {
      return pages.renderLandingPage(siteFacts(), PAGE_ASSETS, campaign.page);
    }
    const entry = Object.entries(pages.PAGE_FILES).find(([, path]) => path === file);
    if (entry === undefined) {
      throw new Error(
        `No page renders ${file}: add it to PAGE_FILES in web/src/render/site-pages.ts`,
      );
    }
    return pages.renderPage(entry[0] as pagesModule.PageName, siteFacts(), PAGE_ASSETS);
  };

  // Campaign pages other than the main page have no entry file: they are virtual entries.
  const virtualEntries = (): Record<string, string> => {
    const campaigns = campaignBuildModule.buildCampaigns(
      campaignsModule.CAMPAIGNS,
      contentModule.LANDING,
      join(root, 'public'),
    );
    const entries: Record<string, string> = {};
    for (const page of campaigns.pages) {
      if (page.file === pagesModule.PAGE_FILES.landing) continue;
      entries[`campaign-${page.campaign}-${page.variant}`] = join(root, page.file);
    }
    return entries;
  };
  let virtual = new Set<string>();

  return {
    name: 'backcare:prerender',
    api: {
      /** The campaign table of the content as it is now (the local stack's edge reads it). */
      campaignTable: async (): Promise<CampaignTable> => (await load()).campaigns.table,
    },
    config(config, env) {
      root = config.root ?? root;
      if (env.command !== 'build') return undefined;
      const entries = virtualEntries();
      virtual = new Set(Object.values(entries));
      return { build: { rolldownOptions: { input: entries } } };
    },
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return virtual.has(id) ? id : undefined;
    },
    load(id) {
      // A stub like index.html; transformIndexHtml below replaces it with the rendered page.
      return virtual.has(id) ? VIRTUAL_STUB : undefined;
    },
    configureServer(devServer) {
      server = devServer;
      devServer.watcher.add([CDK_JSON_PATH, CONTRACT_DIR]);
      devServer.middlewares.use((req, res, next) => {
        const url = req.url ?? '';
        const path = url.split('?')[0] ?? '';
        if (path === STABLE_STYLESHEET) {
          // The error page of the submit function links the stable path; in dev it is the source.
          res.statusCode = 302;
          res.setHeader('location', `/${STYLESHEET_SOURCE}`);
          res.end();
          return;
        }
        if (path === SHARE_IMAGE.path) {
          load()
            .then(({ content }) => renderShareImage(shareText(siteFacts(), content), content.THEME))
            .then((png) => {
              res.setHeader('content-type', 'image/png');
              res.end(png);
            })
            .catch(next);
          return;
        }
        const name = path.slice(1);
        load()
          .then(async ({ pages, campaigns }) => {
            const campaign = campaigns.pages.find((c) => c.file === name);
            if (campaign !== undefined && name !== pages.PAGE_FILES.landing) {
              // A campaign's variant, as the viewer function asked for it: rendered like index.html.
              const html = await devServer.transformIndexHtml(url, VIRTUAL_STUB);
              res.setHeader('content-type', 'text/html; charset=utf-8');
              res.end(html);
              return;
            }
            if (!(name in CONTENT_TYPES)) {
              next();
              return;
            }
            const body = generatedFiles(siteFacts(), pages, campaigns)[name] ?? '';
            res.setHeader('content-type', CONTENT_TYPES[name] ?? 'text/plain');
            res.end(body);
          })
          .catch(next);
      });
    },
    handleHotUpdate({ file, server: devServer }) {
      const watched =
        file === CDK_JSON_PATH ||
        file.startsWith(CONTRACT_DIR) ||
        /\/web\/(content|build|src\/render)\//.test(file);
      if (!watched) return undefined;
      // The stylesheet carries the theme, and the pages carry everything: reload both.
      const css = devServer.environments.client.moduleGraph.getModulesByFile(
        `${root}/${STYLESHEET_SOURCE}`,
      );
      for (const mod of css ?? []) devServer.environments.client.moduleGraph.invalidateModule(mod);
      devServer.ws.send({ type: 'full-reload' });
      return [];
    },
    async transform(code, id) {
      if (!id.split('?')[0]?.endsWith(STYLESHEET_SOURCE)) return undefined;
      const { content } = await load();
      return { code: themeCss(content.THEME) + code, map: null };
    },
    transformIndexHtml: {
      order: 'pre',
      async handler(_html, ctx) {
        const file = relative(root, ctx.filename).split('\\').join('/');
        return render(file);
      },
    },
    async generateBundle(_options, bundle) {
      const { pages, content, campaigns } = await load();
      for (const [fileName, source] of Object.entries(
        generatedFiles(siteFacts(), pages, campaigns),
      )) {
        this.emitFile({ type: 'asset', fileName, source });
      }
      // Drawn from the words of this build, so the preview never shows an old headline.
      this.emitFile({
        type: 'asset',
        fileName: SHARE_IMAGE.path.slice(1),
        source: await renderShareImage(shareText(siteFacts(), content), content.THEME),
      });
      // The table the viewer function routes by and the API checks leads against (not uploaded).
      this.emitFile({
        type: 'asset',
        fileName: CAMPAIGN_TABLE_FILE,
        source: `${JSON.stringify(campaigns.table, null, 2)}\n`,
      });
      const css = Object.values(bundle).filter(
        (file) => file.type === 'asset' && file.fileName.endsWith('.css'),
      );
      if (css.length !== 1 || css[0]?.type !== 'asset') {
        this.error(`Expected one stylesheet in the build, found ${css.length}`);
      }
      this.emitFile({ type: 'asset', fileName: STABLE_STYLESHEET.slice(1), source: css[0].source });
    },
  };
}
