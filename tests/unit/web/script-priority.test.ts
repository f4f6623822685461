/**
 * The built pages never make the first paint wait on a script: module scripts are fetched at low
 * priority, and the landing pages' script is fetched by an inline loader once the page is shown.
 */
import { describe, expect, it } from 'vitest';
import {
  deferredLoader,
  deferScript,
  lowPriorityScripts,
} from '../../../web/build/script-priority';

describe('Build: script priority', () => {
  it('fetches external module scripts at low priority', () => {
    expect(
      lowPriorityScripts('<script type="module" crossorigin src="/assets/i.js"></script>'),
    ).toBe('<script type="module" crossorigin src="/assets/i.js" fetchpriority="low"></script>');
  });

  it('leaves data blocks, inline scripts and a priority already set alone', () => {
    const html = [
      '<script type="application/ld+json">{}</script>',
      '<script type="module" fetchpriority="high" src="/a.js"></script>',
    ].join('');
    expect(lowPriorityScripts(html)).toBe(html);
  });
});

describe('Build: the landing script, loaded once the page is shown', () => {
  const page = (tag: string) => `<head><title>t</title>${tag}<style>b{}</style></head>`;

  it('replaces the script tag with the inline loader of the same module', () => {
    const result = deferScript(
      page('<script type="module" crossorigin src="/assets/main-X1.js"></script>'),
      '/assets/main-X1.js',
    );
    expect(result.loader).toBe(deferredLoader('/assets/main-X1.js'));
    expect(result.html).toBe(page(`<script type="module">${result.loader}</script>`));
    expect(result.html).not.toContain('src=');
  });

  it('imports that module, on load and idle or on the first interaction, and holds a submit', () => {
    const loader = deferredLoader('/assets/main-X1.js');
    expect(loader).toContain('import("/assets/main-X1.js")');
    expect(loader).toContain('addEventListener("load"');
    expect(loader).toContain('requestIdleCallback');
    for (const event of ['pointerdown', 'keydown', 'touchstart', 'focusin']) {
      expect(loader).toContain(`"${event}"`);
    }
    expect(loader).toContain('addEventListener("submit"');
    // The plain post when the module cannot load.
    expect(loader).toContain('f.submit()');
    // Nothing that could end the element early.
    expect(loader).not.toMatch(/<\/script/i);
  });

  it('leaves a page without that module as it is', () => {
    const html = page('<script type="module" src="/assets/thank-you-A.js"></script>');
    expect(deferScript(html, '/assets/main-X1.js')).toEqual({ html });
  });

  it('refuses a page that names the module twice, or not as a module', () => {
    const tag = '<script type="module" src="/assets/main-X1.js"></script>';
    expect(() => deferScript(page(tag + tag), '/assets/main-X1.js')).toThrow(
      'Expected one <script type="module" src="/assets/main-X1.js">',
    );
    expect(() =>
      deferScript(page('<script src="/assets/main-X1.js"></script>'), '/assets/main-X1.js'),
    ).toThrow(/Expected one/);
  });
});
