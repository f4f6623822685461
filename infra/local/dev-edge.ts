/**
 * The local stack's CloudFront in front of Vite's dev server: `/api/*` goes to the local API,
 * and every page navigation goes through the site's CloudFront Function first, with the
 * campaign table of the content as it is now (the prerender plugin makes it on each request,
 * so an edit to web/content/campaigns.ts shows on the next reload).
 */
import type { Plugin, ViteDevServer } from 'vite';
import type { CampaignTable } from '../../functions/contract/campaigns';
import { viewerFunctionCode } from '../site/viewer-function-code';
import { loadViewerFunction, runViewerFunction } from './edge-runtime';
import { proxy } from './static-server';

/** The name of the site build's prerender plugin, and what it offers other plugins. */
const PRERENDER_PLUGIN = 'backcare:prerender';
interface PrerenderApi {
  readonly campaignTable: () => Promise<CampaignTable>;
}

/** The campaign table of the content the dev server renders now. */
export function devCampaignTable(server: ViteDevServer): Promise<CampaignTable> {
  const plugin = server.config.plugins.find((p) => p.name === PRERENDER_PLUGIN);
  const api = plugin?.api as PrerenderApi | undefined;
  if (api === undefined) {
    throw new Error(`The dev server has no ${PRERENDER_PLUGIN} plugin (web/vite.config.ts)`);
  }
  return api.campaignTable();
}

/** A page navigation (not a module, asset or HMR request of the dev server). */
function isNavigation(accept: string | undefined, method: string | undefined): boolean {
  return (method === 'GET' || method === 'HEAD') && (accept ?? '').includes('text/html');
}

/** The plugin; `apiUrl` is read per request, so the API may start after the dev server. */
export function devEdge(apiUrl: () => string | undefined): Plugin {
  return {
    name: 'local:edge',
    enforce: 'pre',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if ((req.url ?? '').startsWith('/api/')) return proxy(req, res, apiUrl());
        if (!isNavigation(req.headers.accept, req.method)) return next();
        devCampaignTable(server)
          .then((table) => runViewerFunction(loadViewerFunction(viewerFunctionCode(table)), req))
          .then((outcome) => {
            if (outcome.response !== undefined) {
              res.writeHead(outcome.response.status, outcome.response.headers).end();
              return;
            }
            for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
            const query = (req.url ?? '').indexOf('?');
            req.url = outcome.uri + (query === -1 ? '' : (req.url ?? '').slice(query));
            next();
          })
          .catch(next);
      });
    },
  };
}
