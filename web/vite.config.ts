/**
 * The site's build: static, prerendered HTML (see build/prerender.ts), one stylesheet and a few
 * kilobytes of script that enhance the forms. The content is checked first (build/guardrails.ts),
 * the clinic's pictures are made for the web (build/images.ts), the stylesheet is inlined into
 * each built page (build/inline-style.ts) to spare a round trip before the first paint, and the
 * scripts are fetched at low priority (build/script-priority.ts). No proxy here: the local stack
 * adds the `/api` proxy when it starts the dev server, so this file serves both the stack and
 * `vite build`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { guardrails } from './build/guardrails';
import { clinicImages } from './build/images';
import { inlineStylesheets } from './build/inline-style';
import { prerender } from './build/prerender';
import { scriptPriority } from './build/script-priority';

const root = fileURLToPath(new URL('.', import.meta.url));
const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root,
  publicDir: 'public',
  // Unknown paths answer 404 as they will behind the CDN, not the landing page.
  appType: 'mpa',
  // The content checks run first: a page that breaks a rule is never written.
  plugins: [guardrails(), prerender(), clinicImages(), inlineStylesheets(), scriptPriority()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Module scripts are supported by every browser the site targets: no polyfill bytes.
    modulePreload: { polyfill: false },
    // The CSP allows images from 'self' only, and data: URLs would bloat the first round trip.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        index: entry('index.html'),
        privacy: entry('privacy/index.html'),
        'thank-you': entry('thank-you/index.html'),
        '404': entry('404.html'),
      },
    },
  },
});
