import { describe, expect, it } from 'vitest';
import { inlineStylesheet, stylesheetHref } from '../../../web/build/inline-style';

const page = (head: string) =>
  `<!doctype html><html><head><title>t</title>${head}</head><body><p>Hi</p></body></html>`;

describe('Build: inlining the stylesheet', () => {
  it('replaces the stylesheet link with a <style> holding the CSS verbatim', () => {
    const css = ':root{--brand:#2b6a5e}\nbody{margin:0}\n';
    const html = page(
      '<link rel="icon" href="/favicon.svg"><link rel="stylesheet" crossorigin href="/assets/site-A1.css"><script type="module" src="/assets/index.js"></script>',
    );
    const result = inlineStylesheet(html, css);
    expect(result.styleText).toBe(css);
    expect(result.html).toBe(
      page(
        `<link rel="icon" href="/favicon.svg"><style>${css}</style><script type="module" src="/assets/index.js"></script>`,
      ),
    );
  });

  it('finds the href of the one stylesheet a page links', () => {
    expect(stylesheetHref(page('<link rel="stylesheet" crossorigin href="/assets/x.css">'))).toBe(
      '/assets/x.css',
    );
  });

  it('refuses a page with no stylesheet link, or with two', () => {
    expect(() => inlineStylesheet(page('<link rel="icon" href="/i.svg">'), 'a{}')).toThrow(
      /found 0/,
    );
    const two = page('<link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/b.css">');
    expect(() => inlineStylesheet(two, 'a{}')).toThrow(/found 2/);
  });

  it('refuses CSS that would close the element early', () => {
    const html = page('<link rel="stylesheet" href="/a.css">');
    expect(() => inlineStylesheet(html, 'a{}</style><script>alert(1)</script>')).toThrow(
      /<\/style/,
    );
    expect(() => inlineStylesheet(html, 'a{}</STYLE >')).toThrow(/<\/style/);
  });
});
