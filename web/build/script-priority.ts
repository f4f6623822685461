/**
 * When the built pages fetch their scripts. They only enhance pages that work without them, so
 * the HTML (with its inline CSS) comes first and the first paint never waits on a script.
 *
 * The landing pages' script (web/src/main.ts) is not named in the HTML at all: a few bytes of
 * inline module code ({@link deferredLoader}) fetch it once the page has loaded and painted and
 * the browser is idle, or at once when a visitor touches, clicks, types or focuses something
 * first. A
 * `<script src>` in the page is fetched while the HTML is still parsed, however low its
 * priority, and runs as soon as parsing ends: on a phone it competes with the first paint, and
 * Lighthouse counts it against the page's Largest Contentful Paint (1.5 times a bare page's
 * while it was there). A form sent before the script has arrived waits for it and is then sent
 * the enhanced way; if it cannot load, the form is posted the plain way, which the API answers
 * with a page. The Content-Security-Policy allows the loader by its hash, which this plugin adds
 * to the build's hash file (infra/site/csp-hashes.ts); no other inline script is allowed.
 *
 * Other pages' scripts (the thank-you page's) are fetched at low priority and run as usual. Vite
 * writes its own `<script type="module">` tags for the entries (dropping other attributes), so
 * both changes are made once it has written the pages.
 */
import type { Plugin } from 'vite';
import {
  CSP_HASHES_FILE,
  cspHash,
  cspHashesJson,
  readHashesJson,
} from '../../infra/site/csp-hashes';

const MODULE_SCRIPT =
  /(<script\b(?=[^>]*\stype="module")(?=[^>]*\ssrc=")(?![^>]*\sfetchpriority=)[^>]*)>/gi;

/** The page with `fetchpriority="low"` on each external module script that sets no priority. */
export function lowPriorityScripts(html: string): string {
  return html.replace(MODULE_SCRIPT, '$1 fetchpriority="low">');
}

/**
 * The inline loader of the module at `src`: imported once the page has loaded, its first
 * contentful paint is on screen and the browser is idle (or 200 ms later where there is no idle
 * callback), or on the visitor's first pointer, key, touch or focus, whichever comes first. A
 * submit before the module has run is held, then made again once it has (the module's own
 * handler sends it), or made the plain way if the module cannot load.
 *
 * Waiting for the paint matters because `load` can come before it (a longer page is laid out
 * after its last byte arrives): a script fetched between the two is work the first frame
 * appears to wait on, and Lighthouse's simulation then counts its download and run in the
 * page's Largest Contentful Paint. A browser that does not report paints (no `paint` entry
 * type) starts at `load`; a page in a tab never shown paints nothing, and loads the module when
 * the tab is first shown and painted, or at the first interaction.
 */
export function deferredLoader(src: string): string {
  return [
    `let l,r=!1;const g=()=>l??=import(${JSON.stringify(src)}).then(()=>{r=!0});`,
    'const i=()=>self.requestIdleCallback?requestIdleCallback(g,{timeout:2e3}):setTimeout(g,200),',
    'p=()=>performance.getEntriesByName("first-contentful-paint").length>0;',
    'addEventListener("load",()=>{if(p()||!PerformanceObserver.supportedEntryTypes?.includes("paint"))return i();',
    'const o=new PerformanceObserver(()=>{if(p()){o.disconnect();i()}});o.observe({type:"paint"})},{once:!0});',
    'for(const t of["pointerdown","keydown","touchstart","focusin"])addEventListener(t,g,{capture:!0,once:!0,passive:!0});',
    'addEventListener("submit",e=>{if(r)return;e.preventDefault();const f=e.target,s=e.submitter;g().then(()=>f.requestSubmit(s),()=>f.submit())},!0)',
  ].join('');
}

/** Raised when a page's script tag is not what the build expects. */
class ScriptTagError extends Error {
  override readonly name = 'ScriptTagError';
}

/**
 * The page with its `<script type="module" src="{src}">` replaced by the inline loader of that
 * module; the page as it is when it has no such tag.
 */
export function deferScript(html: string, src: string): { html: string; loader?: string } {
  const tags = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]*)"[^>]*><\/script>/gi)].filter(
    (match) => match[1] === src,
  );
  if (tags.length === 0) return { html };
  const [tag] = tags;
  if (tags.length > 1 || tag === undefined || !/\stype="module"/.test(tag[0])) {
    throw new ScriptTagError(`Expected one <script type="module" src="${src}">`);
  }
  const loader = deferredLoader(src);
  const start = tag.index;
  return {
    html: `${html.slice(0, start)}<script type="module">${loader}</script>${html.slice(start + tag[0].length)}`,
    loader,
  };
}

/** The build plugin: runs after Vite has written the pages and the style hashes. */
export function scriptPriority(): Plugin {
  return {
    name: 'backcare:script-priority',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      // The landing pages' script: the chunk that holds web/src/main.ts.
      const entry = Object.values(bundle).find(
        (file) =>
          file.type === 'chunk' &&
          file.moduleIds.some((id) => id.replace(/\\/g, '/').endsWith('/web/src/main.ts')),
      );
      const landing = entry === undefined ? undefined : `/${entry.fileName}`;
      const scriptHashes = new Set<string>();
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
        let html = String(file.source);
        if (landing !== undefined) {
          const deferred = deferScript(html, landing);
          html = deferred.html;
          if (deferred.loader !== undefined) scriptHashes.add(cspHash(deferred.loader));
        }
        file.source = lowPriorityScripts(html);
      }
      const hashFile = bundle[CSP_HASHES_FILE];
      if (hashFile?.type !== 'asset') {
        this.error(`${CSP_HASHES_FILE} is not in the build: the stylesheet plugin writes it first`);
      }
      const written = readHashesJson(String(hashFile.source), CSP_HASHES_FILE);
      hashFile.source = cspHashesJson(written.styleHashes, scriptHashes);
    },
  };
}
