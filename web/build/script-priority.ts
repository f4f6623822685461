/**
 * Fetches the built pages' module scripts at low priority. They only enhance pages that work
 * without them, so the HTML (with its inline CSS) comes first and the first paint never waits on
 * a script: at the default high priority the landing script finished before the first paint, and
 * Lighthouse's simulation counted it as render-blocking (the page's Largest Contentful Paint was
 * 1.5 times a bare page's). The form module is fetched when a patient reaches a form, not while
 * the page settles (web/src/main.ts), so no script work lands in the blocking-time window. Vite writes its own `<script type="module">` tags for the entries
 * (dropping other attributes), so the attribute is added once it has written the pages.
 */
import type { Plugin } from 'vite';

const MODULE_SCRIPT =
  /(<script\b(?=[^>]*\stype="module")(?=[^>]*\ssrc=")(?![^>]*\sfetchpriority=)[^>]*)>/gi;

/** The page with `fetchpriority="low"` on each external module script that sets no priority. */
export function lowPriorityScripts(html: string): string {
  return html.replace(MODULE_SCRIPT, '$1 fetchpriority="low">');
}

/** The build plugin: runs after Vite has written the pages into the bundle. */
export function scriptPriority(): Plugin {
  return {
    name: 'backcare:script-priority',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
        file.source = lowPriorityScripts(String(file.source));
      }
    },
  };
}
