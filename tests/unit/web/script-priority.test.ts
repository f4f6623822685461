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

/**
 * The loader run against a stand-in browser: its events, idle callbacks, paint entries and
 * paint observers are the test's to fire, and `import()` is a recorded call.
 */
function runLoader(options: { paintTypeSupported: boolean; paintedBeforeLoad: boolean }) {
  const listeners = new Map<string, Array<(event: unknown) => void>>();
  const idle: Array<() => void> = [];
  const observers: Array<{ callback: () => void; observing: boolean }> = [];
  const imported: string[] = [];
  let painted = options.paintedBeforeLoad;
  class FakeObserver {
    static supportedEntryTypes = options.paintTypeSupported ? ['paint', 'resource'] : ['resource'];
    readonly entry: { callback: () => void; observing: boolean };
    constructor(callback: () => void) {
      this.entry = { callback, observing: false };
      observers.push(this.entry);
    }
    observe(init: { type: string }) {
      expect(init.type).toBe('paint');
      this.entry.observing = true;
    }
    disconnect() {
      this.entry.observing = false;
    }
  }
  const browser = {
    addEventListener: (type: string, listener: (event: unknown) => void) =>
      listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    requestIdleCallback: (task: () => void) => idle.push(task),
    setTimeout: () => {
      throw new Error('no timer expected where there is an idle callback');
    },
    performance: {
      getEntriesByName: (name: string) =>
        name === 'first-contentful-paint' && painted ? [{ name }] : [],
    },
    PerformanceObserver: FakeObserver,
    fakeImport: (src: string) => {
      imported.push(src);
      return Promise.resolve();
    },
  };
  const code = deferredLoader('/assets/main-X1.js').replace('import(', 'fakeImport(');
  const context = { ...browser, self: browser };
  new Function(...Object.keys(context), code)(...Object.values(context));
  const fire = (type: string) => {
    for (const listener of listeners.get(type) ?? []) listener({});
  };
  return {
    imported,
    fire,
    runIdle: () => idle.splice(0).forEach((task) => task()),
    paint: () => {
      painted = true;
      for (const observer of observers) if (observer.observing) observer.callback();
    },
    observing: () => observers.some((observer) => observer.observing),
  };
}

describe('Build: the loader waits for the first contentful paint', () => {
  it('fetches nothing at load while the page has not painted, then fetches once it has and the browser is idle', () => {
    const page = runLoader({ paintTypeSupported: true, paintedBeforeLoad: false });
    page.fire('load');
    page.runIdle();
    expect(page.imported).toEqual([]);
    expect(page.observing()).toBe(true);
    page.paint();
    expect(page.observing()).toBe(false);
    expect(page.imported).toEqual([]);
    page.runIdle();
    expect(page.imported).toEqual(['/assets/main-X1.js']);
  });

  it('goes straight to the idle callback when the page painted before load', () => {
    const page = runLoader({ paintTypeSupported: true, paintedBeforeLoad: true });
    page.fire('load');
    expect(page.observing()).toBe(false);
    page.runIdle();
    expect(page.imported).toEqual(['/assets/main-X1.js']);
  });

  it('starts at load in a browser that reports no paints', () => {
    const page = runLoader({ paintTypeSupported: false, paintedBeforeLoad: false });
    page.fire('load');
    page.runIdle();
    expect(page.imported).toEqual(['/assets/main-X1.js']);
  });

  it('fetches at the first interaction, before any paint, and only once', () => {
    const page = runLoader({ paintTypeSupported: true, paintedBeforeLoad: false });
    page.fire('pointerdown');
    page.fire('keydown');
    expect(page.imported).toEqual(['/assets/main-X1.js']);
    page.fire('load');
    page.paint();
    page.runIdle();
    expect(page.imported).toEqual(['/assets/main-X1.js']);
  });
});
